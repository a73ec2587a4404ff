package org.releasewatch.demo;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.releasewatch.config.LaunchSettings;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.Person;
import org.releasewatch.model.Priority;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.WatchlistEntry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * {@code java -jar releasewatch.jar demo}: feeds the 13 December 2025 story into a running service
 * (its Kafka: {@code KAFKA_BOOTSTRAP_SERVERS}, default {@code localhost:9092}) and prints each alert as it
 * arrives on the alerts topic, with the time since the story was sent. Stops after {@code --wait}
 * seconds without a new alert (default 10).
 */
public final class DemoCommand {

    private DemoCommand() {
    }

    private static final int PROBES = 5;

    /**
     * At rest: one watched person's release at a time, from produce to its alert visible to a
     * read_committed reader. A new person each run, so the probes fire on any service.
     */
    private static void probeLatency(KafkaProducer<String, String> producer, KafkaConsumer<String, String> consumer,
                                     String releases, String watchlist) {
        String person = "demo-probe:" + UUID.randomUUID();
        producer.send(new ProducerRecord<>(watchlist, person, Json.string(
                new WatchlistEntry(person, "Latency probe", Priority.NORMAL, "releasewatch demo"))));
        producer.flush();
        List<Long> millis = new ArrayList<>();
        for (int i = 1; i <= PROBES; i++) {
            ReleaseEvent release = new ReleaseEvent("demo-probe-" + UUID.randomUUID(), Instant.now().minus(Duration.ofDays(i)),
                    "XX", new Person(person, "Latency probe", List.of()), List.of(), null, null, null); // XX: user-assigned code, no real country
            long sent = System.nanoTime();
            producer.send(new ProducerRecord<>(releases, release.eventId(), Json.string(release)));
            producer.flush();
            long deadline = sent + Duration.ofSeconds(30).toNanos();
            boolean seen = false;
            while (!seen && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(5))) {
                    seen |= record.value().contains(release.eventId());
                }
            }
            if (seen) {
                millis.add((System.nanoTime() - sent) / 1_000_000);
            }
        }
        System.out.printf("At rest, one release of a watched person → its alert visible to read_committed: %s ms (%d probes)%n",
                millis, PROBES);
    }

    private static final Duration INGEST_WAIT = Duration.ofSeconds(30);

    /**
     * Waits until the ingest group has committed (in the transaction that forwarded them) everything now on
     * {@code topic}; after {@link #INGEST_WAIT} it says so and goes on.
     */
    private static void awaitIngested(String bootstrap, String group, String topic, KafkaConsumer<String, String> any) {
        List<TopicPartition> partitions = any.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, Long> ends = any.endOffsets(partitions);
        long deadline = System.nanoTime() + INGEST_WAIT.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                if (ends.entrySet().stream().allMatch(e -> e.getValue() == 0
                        || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue()))) {
                    return;
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException e) {
            // fall through: the relief is sent anyway
        }
        System.out.printf("The service had not read all releases after %d s; the relief is sent anyway%n",
                INGEST_WAIT.toSeconds());
    }

    public static void main(String[] args) {
        LaunchSettings launch = LaunchSettings.read(args, Map.of());
        String bootstrap = launch.bootstrapServers().orElse("localhost:" + launch.brokerPort());
        String releases = launch.topic("releases");
        String sanctions = launch.topic("sanctions");
        String watchlist = launch.topic("watchlist");
        String alerts = launch.topic("alerts");
        long quietSeconds = 10;
        for (int i = 1; i < args.length - 1; i++) {
            if (args[i].equals("--wait")) {
                quietSeconds = Long.parseLong(args[i + 1]);
            }
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer());
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), new StringSerializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(alerts, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(alerts, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // fix the start before feeding

            System.out.printf("Feeding the 13 December 2025 story to %s: 2 watchlist entries, 123 releases, 1 sanctions relief%n", bootstrap);
            for (WatchlistEntry entry : December13Story.watchlist()) {
                producer.send(new ProducerRecord<>(watchlist, entry.personId(), Json.string(entry)));
            }
            producer.flush();
            long sent = System.nanoTime();
            December13Story.releases().forEach(r -> producer.send(new ProducerRecord<>(releases, r.eventId(), Json.string(r))));
            producer.flush();
            // The relief links the releases the rules hold when it arrives: sent at once, it can overtake some
            // of them in ingest (another topic, another consumer), and the linked count would vary from run to run.
            awaitIngested(bootstrap, launch.applicationId() + "-ingest-releases", releases, consumer);
            var relief = December13Story.belaruskaliRelief();
            producer.send(new ProducerRecord<>(sanctions, relief.eventId(), Json.string(relief)));
            producer.flush();

            long lastAlert = System.nanoTime();
            int count = 0;
            while (System.nanoTime() - lastAlert < Duration.ofSeconds(quietSeconds).toNanos()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    Alert alert = Json.read(record.value(), Alert.class);
                    count++;
                    lastAlert = System.nanoTime();
                    System.out.printf("+%5d ms  %-8s %-17s %s%n", (lastAlert - sent) / 1_000_000,
                            alert.severity().wire(), alert.rule(), alert.title());
                    System.out.println("          " + record.value());
                }
            }
            System.out.printf("%d alert(s); none for %d s since %s%n", count, quietSeconds, Instant.now());
            probeLatency(producer, consumer, releases, watchlist);
        }
    }
}

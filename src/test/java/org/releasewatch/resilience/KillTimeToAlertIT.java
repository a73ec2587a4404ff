package org.releasewatch.resilience;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasewatch.broker.EmbeddedKafkaBroker;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Priority;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.WatchlistEntry;
import org.releasewatch.testing.Burst;
import org.releasewatch.testing.ExpectedAlerts;
import org.releasewatch.testing.Receiver;
import org.releasewatch.testing.ServiceProcess;
import org.releasewatch.testing.ServiceYaml;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.StartPhases;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.ThreeBrokerCluster;
import org.releasewatch.testing.Topics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Time to alerting after a kill -9: the packaged service is killed with SIGKILL at a random point of a burst five
 * times and started again on the same data folder; right after each start a new release of a watched person is
 * sent, and the time from the process start to its alert on the alerts topic ({@code read_committed}) is measured.
 * The median must be at most 5 s, the longest at most 10 s, and no restart may throw its local state away
 * (Kafka Streams logs "bootstrap from scratch" when it does). Once the burst is through, the alerts are exactly
 * those the inputs call for, each once. Once with the embedded broker in the service's own process (killed with
 * it), once against a broker in another process, once on the three-node cluster of {@code broker} processes.
 */
class KillTimeToAlertIT {

    private static final int KILLS = 5;
    private static final Duration MEDIAN_BOUND = Duration.ofSeconds(5);
    private static final Duration MAX_BOUND = Duration.ofSeconds(10);
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private final TopicsConfig topics = TestService.uniqueTopics();
    private final Receiver receiver = new Receiver(SECRET);
    private final Path dir = TestService.tempDir();
    private final int httpPort = EmbeddedKafkaBroker.freePort();
    private final String applicationId = Topics.unique("kta-app");
    private ServiceProcess service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        receiver.close();
    }

    @Test
    void withTheEmbeddedBrokerTheServiceAlertsWithinSecondsOfEachRestartAndKeepsItsState() throws InterruptedException {
        int brokerPort = EmbeddedKafkaBroker.freePort();
        Path config = ServiceYaml.write(dir.resolve("application-kill-embedded.yml"), topics, applicationId,
                "kta-embedded", dir.resolve("data"), receiver.url(), SECRET, "  broker:\n    port: " + brokerPort + "\n");
        withoutBootstrapServers(config);
        measure("embedded broker", "localhost:" + brokerPort, config);
    }

    @Test
    void againstASeparateBrokerTheServiceAlertsWithinSecondsOfEachRestartAndKeepsItsState() throws InterruptedException {
        Path config = ServiceYaml.write(dir.resolve("application-kill-separate.yml"), topics, applicationId,
                "kta-separate", dir.resolve("data"), receiver.url(), SECRET, "");
        measure("separate broker", SharedBroker.bootstrapServers(), config);
    }

    @Test
    void onTheThreeNodeClusterTheServiceAlertsWithinSecondsOfEachRestartAndKeepsItsState() throws InterruptedException {
        String bootstrap = ThreeBrokerCluster.get().bootstrapServers();
        Path config = ServiceYaml.write(bootstrap, dir.resolve("application-kill-cluster.yml"), topics, applicationId,
                "kta-cluster", dir.resolve("data"), ServiceYaml.Webhooks.fast(SECRET, receiver.url()), "");
        measure("three-node cluster", bootstrap, config);
    }

    private void measure(String label, String bootstrap, Path config) throws InterruptedException {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Burst burst = Burst.december13(1200);
        List<ReleaseEvent> probes = IntStream.range(0, KILLS).mapToObj(i -> Burst.release("probe", i)).toList();
        List<WatchlistEntry> watchlist = new ArrayList<>(burst.watchlist());
        probes.forEach(p -> watchlist.add(new WatchlistEntry(p.person().id(), p.person().name(), Priority.HIGH, "probe")));
        List<ReleaseEvent> releases = burst.releases();
        List<Long> timesMs = new ArrayList<>();
        List<Long> healthMs = new ArrayList<>();

        service = newService(config).start();
        service.awaitHealthy(Duration.ofSeconds(300));
        try (KafkaProducer<byte[], byte[]> producer = Topics.producer(bootstrap, Map.of(
                     ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000, ProducerConfig.MAX_BLOCK_MS_CONFIG, 180_000,
                     ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200));
             AlertReader reader = new AlertReader(bootstrap, topics.alerts())) {
            watchlist.forEach(e -> producer.send(Burst.record(topics, e)));
            producer.flush();
            int chunk = releases.size() / KILLS;
            for (int k = 0; k < KILLS; k++) {
                releases.subList(k * chunk, (k + 1) * chunk).forEach(r -> producer.send(Burst.record(topics, r)));
                producer.flush();
                // a random point of the burst: the chunk is on the broker and the rules are working through it
                int seen = reader.alerts().size();
                long pause = 200 + random.nextInt(2500);
                Thread.sleep(pause); // not a wait for anything: the kill point itself
                service.kill();
                System.out.printf("%s: kill %d after %d ms of chunk %d (%d alerts seen before it)%n",
                        label, k + 1, pause, k + 1, seen);

                long start = System.nanoTime();
                service = newService(config).start();
                ReleaseEvent probe = probes.get(k);
                producer.send(Burst.record(topics, probe));
                long health = -1;
                long alerted = -1;
                Instant alertedAt = null;
                long deadline = start + Duration.ofSeconds(300).toNanos();
                while (alerted < 0 || health < 0) {
                    assertThat(System.nanoTime()).as("probe %d alerted and /health 200 within 300 s", k + 1).isLessThan(deadline);
                    assertThat(service.isAlive()).as("service alive; log:\n%s", service.log()).isTrue();
                    if (alerted < 0 && reader.poll().stream().anyMatch(a -> a.rule() == AlertRule.WATCHLIST_RELEASE
                            && a.evidence().eventIds().contains(probe.eventId()))) {
                        alerted = System.nanoTime() - start;
                        alertedAt = Instant.now();
                    }
                    if (health < 0 && healthy()) {
                        health = System.nanoTime() - start;
                    }
                }
                timesMs.add(alerted / 1_000_000);
                healthMs.add(health / 1_000_000);
                System.out.printf("%s: restart %d: start -> alert %d ms, start -> /health 200 %d ms (load average %s); %s%n",
                        label, k + 1, alerted / 1_000_000, health / 1_000_000, StartPhases.loadAverage(),
                        StartPhases.of(service.log(), alertedAt));
            }
            releases.subList(KILLS * chunk, releases.size()).forEach(r -> producer.send(Burst.record(topics, r)));
            burst.sendSanctions(producer, topics);

            List<ReleaseEvent> allReleases = new ArrayList<>(releases);
            allReleases.addAll(probes);
            List<String> expected = ExpectedAlerts.of(watchlist, allReleases, burst.sanctions());
            // every input worked off and committed: whatever alert it gives, duplicate or not, is readable now
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                    .until(() -> TestService.caughtUp(bootstrap, topics, applicationId));
            await().atMost(Duration.ofSeconds(30)).until(() -> reader.poll().size() >= expected.size());
            List<Alert> alerts = reader.readToEnd();

            List<Long> sorted = timesMs.stream().sorted().toList();
            long median = sorted.get(sorted.size() / 2);
            long max = sorted.get(sorted.size() - 1);
            System.out.printf("%s: seed %d; start -> alert (ms) %s, median %d, max %d; start -> /health 200 (ms) %s%n",
                    label, seed, timesMs, median, max, healthMs);
            String log = service.log();
            assertThat(log).as("a restart threw its state away").doesNotContain("bootstrap from scratch")
                    .doesNotContain("are corrupted");
            assertThat(alerts).extracting(Alert::id).doesNotHaveDuplicates();
            assertThat(ExpectedAlerts.keys(alerts)).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(median).as("median start -> alert, ms").isLessThanOrEqualTo(MEDIAN_BOUND.toMillis());
            assertThat(max).as("longest start -> alert, ms").isLessThanOrEqualTo(MAX_BOUND.toMillis());
        }
    }

    /** The service with the Kafka clients' group and restore lines on, which {@link StartPhases} reads. */
    private ServiceProcess newService(Path config) {
        List<String> options = new ArrayList<>(List.of("-Xmx512m"));
        options.addAll(StartPhases.KAFKA_INFO);
        return new ServiceProcess(config, dir.resolve("service.log"), httpPort).jvmOptions(options);
    }

    private boolean healthy() {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The configuration without {@code kafka.bootstrap.servers}: the service then starts its embedded broker. */
    private static void withoutBootstrapServers(Path config) {
        try {
            String yaml = Files.readString(config);
            Files.writeString(config, yaml.replaceFirst("kafka:\n  bootstrap.servers: [^\n]*\n", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One read_committed reader of the alerts topic for the whole test; it rides out broker restarts. */
    private static final class AlertReader implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<Alert> alerts = new ArrayList<>();

        AlertReader(String bootstrap, String topic) {
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = IntStream.range(0, 3).mapToObj(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** Everything read so far, after one short poll. */
        List<Alert> poll() {
            consumer.poll(Duration.ofMillis(50)).forEach(r -> alerts.add(Json.read(r.value(), Alert.class)));
            return List.copyOf(alerts);
        }

        List<Alert> alerts() {
            return List.copyOf(alerts);
        }

        /** Everything up to the end of the topic as it is now. */
        List<Alert> readToEnd() {
            var end = consumer.endOffsets(consumer.assignment());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                assertThat(System.nanoTime()).as("alerts topic read to its end within 30 s").isLessThan(deadline);
                poll();
            }
            return List.copyOf(alerts);
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(1));
        }
    }
}

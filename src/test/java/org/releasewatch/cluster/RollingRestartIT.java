package org.releasewatch.cluster;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
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
import org.releasewatch.testing.ServiceProcess;
import org.releasewatch.testing.ServiceYaml;
import org.releasewatch.testing.StartPhases;
import org.releasewatch.testing.Story;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.ThreeBrokerCluster;
import org.releasewatch.testing.Topics;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rolling restart on the three-node cluster: two instances share the work (one application id, a standby copy of
 * every store); while watched persons' releases flow in, one instance is stopped with SIGTERM and started again,
 * then the other. Every release's alert must come within 5 s of the release (the longest gap is printed), and the
 * alerts are exactly those the inputs call for, each once.
 */
class RollingRestartIT {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final int PERSONS = 3000;
    private static final Duration MAX_GAP = Duration.ofSeconds(5);

    private final ThreeBrokerCluster cluster = ThreeBrokerCluster.get();
    private final String bootstrap = cluster.bootstrapServers();
    private final TopicsConfig topics = TestService.uniqueTopics();
    private final String applicationId = Topics.unique("rolling-app");
    private final Path dir = TestService.tempDir();
    private final List<ServiceProcess> instances = new ArrayList<>();
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Map<String, Long> alertedAt = new ConcurrentHashMap<>();
    private final List<Alert> alerts = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<Long> stoppedAt = new ArrayList<>();

    @AfterEach
    void stop() {
        instances.forEach(ServiceProcess::close);
    }

    @Test
    void stoppingEachOfTwoInstancesInTurnLeavesNoGapOverFiveSecondsAndAlertsExactlyOnce() throws Exception {
        for (String name : List.of("a", "b")) {
            Path config = ServiceYaml.write(bootstrap, dir.resolve("application-" + name + ".yml"), topics, applicationId,
                    "rolling-" + name, dir.resolve("data-" + name), ServiceYaml.Webhooks.fast(SECRET),
                    "  streams:\n    standby-replicas: 1\n");
            List<String> options = new ArrayList<>(List.of("-Xmx512m"));
            options.addAll(StartPhases.KAFKA_INFO);
            instances.add(new ServiceProcess(config, dir.resolve("service-" + name + ".log"), EmbeddedKafkaBroker.freePort())
                    .jvmOptions(options).start());
        }
        instances.forEach(i -> i.awaitHealthy(Duration.ofSeconds(300)));

        List<ReleaseEvent> releases = IntStream.range(0, PERSONS).mapToObj(i -> Burst.release("rolling", i)).toList();
        List<WatchlistEntry> watchlist = releases.stream()
                .map(r -> new WatchlistEntry(r.person().id(), r.person().name(), Priority.HIGH, "rolling restart")).toList();
        AtomicBoolean flowing = new AtomicBoolean(true);
        List<ReleaseEvent> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        try (KafkaProducer<byte[], byte[]> producer = Topics.producer(bootstrap)) {
            watchlist.forEach(e -> producer.send(Burst.record(topics, e)));
            producer.flush();
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> TestService.caughtUp(bootstrap, topics, applicationId));

            Thread reader = new Thread(() -> read(flowing), "rolling-alert-reader");
            reader.start();
            Thread feeder = new Thread(() -> {
                for (ReleaseEvent r : releases) {
                    if (!flowing.get()) {
                        return;
                    }
                    sentAt.put(r.eventId(), System.nanoTime());
                    producer.send(Burst.record(topics, r));
                    producer.flush();
                    sent.add(r);
                    java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos()); // the rate: 5 a second
                }
            }, "rolling-feeder");
            feeder.start();

            for (int i = 0; i < instances.size(); i++) {
                int alertsBefore = 10 * (i + 1);
                await().atMost(Duration.ofSeconds(30)).until(() -> alertedAt.size() >= alertsBefore);
                ServiceProcess instance = instances.get(i);
                long stopping = System.nanoTime();
                Instant sigterm = Instant.now();
                stoppedAt.add(stopping);
                instance.close(); // SIGTERM, and waits until it exited
                System.out.printf("rolling: instance %d stopped in %d ms (load average %s)%n", i + 1,
                        (System.nanoTime() - stopping) / 1_000_000, StartPhases.loadAverage());
                ServiceProcess other = instances.get(1 - i);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .until(() -> StartPhases.handover(instance.log(), other.log(), sigterm).contains("other RUNNING"));
                System.out.printf("rolling: instance %d hand-over, %s%n", i + 1, StartPhases.handover(instance.log(), other.log(), sigterm));
                instance.start();
                instance.awaitHealthy(Duration.ofSeconds(300));
                System.out.printf("rolling: instance %d back after %d ms%n", i + 1, (System.nanoTime() - stopping) / 1_000_000);
            }
            int atEnd = sent.size();
            await().atMost(Duration.ofSeconds(60)).until(() -> sent.size() >= atEnd + 25); // a few seconds after the last restart
            flowing.set(false);
            feeder.join();
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> TestService.caughtUp(bootstrap, topics, applicationId));
            reader.join();
        }
        List<ReleaseEvent> released = List.copyOf(sent);
        long maxGapMs = 0;
        String worst = null;
        for (ReleaseEvent r : released) {
            Long at = alertedAt.get(r.eventId());
            assertThat(at).as("alert of %s", r.eventId()).isNotNull();
            long gap = (at - sentAt.get(r.eventId())) / 1_000_000;
            if (gap > maxGapMs) {
                maxGapMs = gap;
                worst = r.eventId();
            }
        }
        long worstSent = sentAt.get(worst);
        String when = IntStream.range(0, stoppedAt.size()).filter(i -> stoppedAt.get(i) <= worstSent).boxed()
                .reduce((a, b) -> b).map(i -> "sent " + (worstSent - stoppedAt.get(i)) / 1_000_000 + " ms after instance "
                        + (i + 1) + "'s SIGTERM").orElse("sent before the first SIGTERM");
        System.out.printf("rolling: %d releases, longest release -> alert gap %d ms (%s, %s)%n", released.size(), maxGapMs,
                worst, when);
        List<Alert> all = Story.alerts(bootstrap, topics.alerts());
        assertThat(all).extracting(Alert::id).doesNotHaveDuplicates();
        assertThat(ExpectedAlerts.keys(all)).containsExactlyInAnyOrderElementsOf(ExpectedAlerts.of(watchlist, released, List.of()));
        assertThat(maxGapMs).as("longest release -> alert gap, ms").isLessThanOrEqualTo(MAX_GAP.toMillis());
    }

    /** Notes when each watched release's alert becomes readable ({@code read_committed}), until told to stop and caught up. */
    private void read(AtomicBoolean flowing) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = IntStream.range(0, 3).mapToObj(p -> new TopicPartition(topics.alerts(), p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long quietSince = System.nanoTime();
            while (flowing.get() || System.nanoTime() - quietSince < Duration.ofSeconds(10).toNanos()) {
                var records = consumer.poll(Duration.ofMillis(50));
                long now = System.nanoTime();
                if (!records.isEmpty()) {
                    quietSince = now;
                }
                records.forEach(r -> {
                    Alert alert = Json.read(r.value(), Alert.class);
                    alerts.add(alert);
                    if (alert.rule() == AlertRule.WATCHLIST_RELEASE) {
                        alert.evidence().eventIds().forEach(id -> alertedAt.putIfAbsent(id, now));
                    }
                });
            }
        }
    }
}

package org.releasewatch.sources;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasewatch.ReleasewatchService;
import org.releasewatch.broker.EmbeddedKafkaBroker;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.Json;
import org.releasewatch.model.EventCodec;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.testing.Http;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGKILL in the middle of a diff: a service in a child JVM has sent Belaruskali's LIFTED event and the snapshot
 * update to Kafka but not committed them when it is killed. The instance that takes the list over (same
 * application, so the same transactional id and group) aborts the dead transaction, finds the same change against
 * the old snapshot and commits the event — the same event id — once. Restarting that instance writes nothing more.
 * The child runs the service from the test class path (not the packaged jar): the crash point is a seam in the
 * fetch, between the sends and the commit, which a kill at a random time would rarely hit.
 */
class SourcesKillResilienceIT {

    private static final String BOOTSTRAP = SharedBroker.bootstrapServers();

    @Test
    void aKillBetweenTheSendsAndTheCommitNeitherLosesNorRepeatsAnEvent(@TempDir Path dir) throws Exception {
        try (ListServer publisher = new ListServer()) {
            publisher.serve(Fixtures.text("sdn.xml"), "baseline");
            TopicsConfig topics = TestService.uniqueTopics();
            Map<String, Object> properties = TestService.properties(topics, dir.resolve("child"));
            properties.put("releasewatch.topics.source-snapshots", topics.releases() + ".source-snapshots");
            properties.put("releasewatch.topics.source-coordination", topics.releases() + ".source-coordination");
            properties.put("releasewatch.sources.sanctions-lists[0].format", "ofac-sdn-xml");
            properties.put("releasewatch.sources.sanctions-lists[0].url", publisher.url("/sdn.xml"));
            // the publisher is a plain-HTTP server on loopback
            properties.put("releasewatch.sources.sanctions-lists[0].allow-http", "true");
            properties.put("releasewatch.sources.sanctions-lists[0].interval", "1s");
            properties.put("releasewatch.session-timeout-ms", "6000");

            Path config = dir.resolve("child.properties");
            Properties file = new Properties();
            properties.forEach((k, v) -> file.setProperty(k, v.toString()));
            try (Writer w = Files.newBufferedWriter(config)) {
                file.store(w, null);
            }
            Path log = dir.resolve("child.log");
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                    "-cp", System.getProperty("java.class.path"), SourcesCrashChild.class.getName(), config.toString(), "ofac-sdn-xml")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                int childPort = Integer.parseInt(properties.get("micronaut.server.port").toString());
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    assertThat(child.isAlive()).as(() -> read(log)).isTrue();
                    return read(log).contains("STARTED") && Http.get(childPort, "/api/sources").body().contains("\"entries\":14");
                });
                publisher.serve(Fixtures.sdnWithout("36001", "12/12/2025"), "belaruskali-removed");
                await().atMost(Duration.ofSeconds(60)).until(() -> read(log).contains("IN-TRANSACTION"));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("the child did not get there; its log:\n" + read(log), e);
            } finally {
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no abort
                child.waitFor();
            }
            String crashed = read(log).lines().filter(l -> l.startsWith("IN-TRANSACTION ")).findFirst().orElseThrow()
                    .substring("IN-TRANSACTION ".length());
            assertThat(raw(topics.sanctions())).as("the event was written, uncommitted, before the kill")
                    .extracting(SourcesKillResilienceIT::eventId).containsExactly(crashed);
            assertThat(Topics.readCommitted(BOOTSTRAP, topics.sanctions())).as("and is not visible to read_committed readers").isEmpty();

            // the successor: same application, another instance
            properties.put("releasewatch.instance-id", Topics.unique("successor"));
            properties.put("releasewatch.data-dir", dir.resolve("successor").toString());
            properties.put("micronaut.server.port", EmbeddedKafkaBroker.freePort());
            try (ReleasewatchService successor = TestService.start(properties)) {
                await().atMost(Duration.ofSeconds(90)).until(() -> Topics.readCommitted(BOOTSTRAP, topics.sanctions()).size() == 1);
                assertThat(committedEventIds(topics)).containsExactly(crashed);
                await().atMost(Duration.ofSeconds(60)).until(() -> forwardedEventIds(topics).size() == 1);
                assertThat(forwardedEventIds(topics)).as("the ingest hop reads read_committed: the aborted copy never reaches the rules")
                        .containsExactly(crashed);
            }

            // a restart re-emits nothing
            properties.put("micronaut.server.port", EmbeddedKafkaBroker.freePort());
            try (ReleasewatchService restarted = TestService.start(properties)) {
                int port = Integer.parseInt(properties.get("micronaut.server.port").toString());
                int before = publisher.requests().size();
                await().atMost(Duration.ofSeconds(90)).until(() -> publisher.requests().stream().skip(before)
                        .anyMatch(r -> r.status() == 304) && Http.get(port, "/api/sources").body().contains("not-modified"));
                assertThat(committedEventIds(topics)).containsExactly(crashed);
            }
        }
    }

    private static List<String> committedEventIds(TopicsConfig topics) {
        return Topics.readCommitted(BOOTSTRAP, topics.sanctions()).stream().map(SourcesKillResilienceIT::eventId).toList();
    }

    private static List<String> forwardedEventIds(TopicsConfig topics) {
        return Topics.readCommitted(BOOTSTRAP, topics.internalEvents()).stream()
                .map(r -> EventCodec.readEvent(r.value()).eventId()).toList();
    }

    private static String eventId(ConsumerRecord<byte[], byte[]> record) {
        return Json.read(record.value(), SanctionEvent.class).eventId();
    }

    /** Every record in the topic, committed or not ({@code read_uncommitted}). */
    private static List<ConsumerRecord<byte[], byte[]>> raw(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
            }
            return out;
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}

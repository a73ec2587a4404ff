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
import org.releasewatch.model.ReleaseEvent;
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
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGKILL in the middle of a diff, for a sanctions list and for a prisoner roster: a service in a child JVM has sent Belaruskali's LIFTED event and the snapshot
 * update to Kafka but not committed them when it is killed. The instance that takes the list over (same
 * application, so the same transactional id and group) aborts the dead transaction, finds the same change against
 * the old snapshot and commits the event — the same event id — once. Restarting that instance writes nothing more.
 * The child runs the service from the test class path (not the packaged jar): the crash point is a seam in the
 * fetch, between the sends and the commit, which a kill at a random time would rarely hit. For a roster, 123 persons
 * leave a 5 000-row roster: its 123 inferred releases are committed once, all of them.
 */
class SourcesKillResilienceIT {

    private static final String BOOTSTRAP = SharedBroker.bootstrapServers();

    /**
     * What is killed: a list or roster configured from a publisher, its baseline as {@code /api/sources} shows it,
     * the next document (with changes), the topic its events go to and how an event's id is read.
     */
    private record Scenario(String listId, String baselineShown, Consumer<ListServer> baseline, Consumer<ListServer> next,
                            BiConsumer<Map<String, Object>, ListServer> configure, Function<TopicsConfig, String> topic,
                            Function<byte[], String> eventId) {
    }

    @Test
    void aKillBetweenTheSendsAndTheCommitNeitherLosesNorRepeatsAnEvent(@TempDir Path dir) throws Exception {
        killBetweenTheSendsAndTheCommit(dir, new Scenario("ofac-sdn-xml", "\"entries\":14",
                p -> p.serve(Fixtures.text("sdn.xml"), "baseline"),
                p -> p.serve(Fixtures.sdnWithout("36001", "12/12/2025"), "belaruskali-removed"),
                (properties, publisher) -> {
                    properties.put("releasewatch.sources.sanctions-lists[0].format", "ofac-sdn-xml");
                    properties.put("releasewatch.sources.sanctions-lists[0].url", publisher.url("/sdn.xml"));
                    // the publisher is a plain-HTTP server on loopback
                    properties.put("releasewatch.sources.sanctions-lists[0].allow-http", "true");
                    properties.put("releasewatch.sources.sanctions-lists[0].interval", "1s");
                }, TopicsConfig::sanctions, v -> Json.read(v, SanctionEvent.class).eventId()), 1);
    }

    /** The same for a prisoner roster: 123 persons leave a 5 000-row roster; its 123 inferred releases are written once. */
    @Test
    void aKillBetweenTheSendsAndTheCommitOfARosterVersionWritesEachInferredReleaseOnce(@TempDir Path dir) throws Exception {
        java.util.TreeSet<Integer> held = Rosters.ids(5000);
        held.removeAll(Rosters.ids(123));
        killBetweenTheSendsAndTheCommit(dir, new Scenario("viasna", "\"entries\":5000",
                p -> p.serve(Rosters.csv(Rosters.ids(5000), ','), "v1"),
                p -> p.serve(Rosters.csv(held, ','), "v2"),
                (properties, publisher) -> {
                    properties.put("releasewatch.sources.prisoner-rosters[0].name", "viasna");
                    properties.put("releasewatch.sources.prisoner-rosters[0].url", publisher.url("/roster.csv"));
                    properties.put("releasewatch.sources.prisoner-rosters[0].format", "csv");
                    properties.put("releasewatch.sources.prisoner-rosters[0].columns.id", "id");
                    properties.put("releasewatch.sources.prisoner-rosters[0].columns.name", "ФИО");
                    properties.put("releasewatch.sources.prisoner-rosters[0].columns.country", "country");
                    properties.put("releasewatch.sources.prisoner-rosters[0].allow-http", "true");
                    properties.put("releasewatch.sources.prisoner-rosters[0].interval", "1s");
                }, TopicsConfig::releases, v -> Json.read(v, ReleaseEvent.class).eventId()), 123);
    }

    private void killBetweenTheSendsAndTheCommit(Path dir, Scenario scenario, int events) throws Exception {
        try (ListServer publisher = new ListServer()) {
            scenario.baseline().accept(publisher);
            TopicsConfig topics = TestService.uniqueTopics();
            String topic = scenario.topic().apply(topics);
            Map<String, Object> properties = TestService.properties(topics, dir.resolve("child"));
            properties.put("releasewatch.topics.source-snapshots", topics.releases() + ".source-snapshots");
            properties.put("releasewatch.topics.source-coordination", topics.releases() + ".source-coordination");
            scenario.configure().accept(properties, publisher);
            properties.put("releasewatch.session-timeout-ms", "6000");

            Path config = dir.resolve("child.properties");
            Properties file = new Properties();
            properties.forEach((k, v) -> file.setProperty(k, v.toString()));
            try (Writer w = Files.newBufferedWriter(config, java.nio.charset.StandardCharsets.UTF_8)) {
                file.store(w, null);
            }
            Path log = dir.resolve("child.log");
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                    "-cp", System.getProperty("java.class.path"), SourcesCrashChild.class.getName(), config.toString(), scenario.listId())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                int childPort = Integer.parseInt(properties.get("micronaut.server.port").toString());
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    assertThat(child.isAlive()).as(() -> read(log)).isTrue();
                    return read(log).contains("STARTED") && Http.get(childPort, "/api/sources").body().contains(scenario.baselineShown());
                });
                scenario.next().accept(publisher);
                await().atMost(Duration.ofSeconds(60)).until(() -> read(log).contains("IN-TRANSACTION"));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("the child did not get there; its log:\n" + read(log), e);
            } finally {
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no abort
                child.waitFor();
            }
            List<String> crashed = List.of(read(log).lines().filter(l -> l.startsWith("IN-TRANSACTION ")).findFirst().orElseThrow()
                    .substring("IN-TRANSACTION ".length()).split(","));
            assertThat(crashed).hasSize(events);
            assertThat(raw(topic)).as("the events were written, uncommitted, before the kill")
                    .extracting(r -> scenario.eventId().apply(r.value())).containsExactlyInAnyOrderElementsOf(crashed);
            assertThat(Topics.readCommitted(BOOTSTRAP, topic)).as("and are not visible to read_committed readers").isEmpty();

            // the successor: same application, another instance
            properties.put("releasewatch.instance-id", Topics.unique("successor"));
            properties.put("releasewatch.data-dir", dir.resolve("successor").toString());
            properties.put("micronaut.server.port", EmbeddedKafkaBroker.freePort());
            try (ReleasewatchService successor = TestService.start(properties)) {
                await().atMost(Duration.ofSeconds(90)).until(() -> Topics.readCommitted(BOOTSTRAP, topic).size() >= events);
                assertThat(committedEventIds(topic, scenario)).containsExactlyInAnyOrderElementsOf(crashed);
                await().atMost(Duration.ofSeconds(60)).until(() -> forwardedEventIds(topics).size() >= events);
                assertThat(forwardedEventIds(topics)).as("the ingest hop reads read_committed: the aborted copies never reach the rules")
                        .containsExactlyInAnyOrderElementsOf(crashed);
            }

            // a restart re-emits nothing
            properties.put("micronaut.server.port", EmbeddedKafkaBroker.freePort());
            try (ReleasewatchService restarted = TestService.start(properties)) {
                int port = Integer.parseInt(properties.get("micronaut.server.port").toString());
                int before = publisher.requests().size();
                await().atMost(Duration.ofSeconds(90)).until(() -> publisher.requests().stream().skip(before)
                        .anyMatch(r -> r.status() == 304) && Http.get(port, "/api/sources").body().contains("not-modified"));
                assertThat(committedEventIds(topic, scenario)).containsExactlyInAnyOrderElementsOf(crashed);
            }
        }
    }

    private static List<String> committedEventIds(String topic, Scenario scenario) {
        return Topics.readCommitted(BOOTSTRAP, topic).stream().map(r -> scenario.eventId().apply(r.value())).toList();
    }

    private static List<String> forwardedEventIds(TopicsConfig topics) {
        return Topics.readCommitted(BOOTSTRAP, topics.internalEvents()).stream()
                .map(r -> EventCodec.readEvent(r.value()).eventId()).toList();
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

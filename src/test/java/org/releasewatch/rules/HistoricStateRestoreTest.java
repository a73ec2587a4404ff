package org.releasewatch.rules;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasewatch.ReleasewatchService;
import org.releasewatch.broker.EmbeddedKafkaBroker;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.demo.December13Story;
import org.releasewatch.model.AlertRule;
import org.releasewatch.json.Json;
import org.releasewatch.testing.Burst;
import org.releasewatch.testing.Http;
import org.releasewatch.testing.Story;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * State about events that are old by the wall clock (a backfill; the 13 December 2025 demo a year later)
 * outlives the broker's retention check: an instance that replaces the first one on an empty disk
 * restores it from the changelogs. The changelog records used to carry event time, and the broker deletes
 * a segment whose records are all older than the retention at its periodic check. A changelog's first segment holds just the first transaction's records (the
 * broker rolls it when the first commit marker, stamped with the wall clock, arrives a year "after" them),
 * so those were lost: here, the ten releases the relief should link to.
 */
class HistoricStateRestoreTest {

    @TempDir
    Path dir;

    @Test
    void aReplacementInstanceRestoresTheStateOfOldEventsAfterTheBrokersRetentionCheck() throws Exception {
        // a broker of its own, checking retention every second (by default: 30 s after start, then every 5 min)
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.freePort(), dir.resolve("kafka"),
                Map.of("log.initial.task.delay.ms", "1000", "log.retention.check.interval.ms", "1000"));
        try {
            String bootstrap = broker.bootstrapServers();
            TopicsConfig topics = TestService.uniqueTopics();
            Map<String, Object> props = TestService.properties(topics, dir.resolve("first"), bootstrap);
            String applicationId = (String) props.get("releasewatch.application-id");

            try (ReleasewatchService first = TestService.start(props)) {
                Topics.send(bootstrap, topics.releases(), December13Story.releases().subList(0, 10).stream()
                        .map(r -> Burst.record(topics, r)).toList());
                await().atMost(Duration.ofSeconds(60)).until(() -> TestService.caughtUp(bootstrap, topics, applicationId)
                        && Story.alerts(bootstrap, topics.alerts()).stream().anyMatch(a -> a.rule() == AlertRule.MASS_RELEASE));
            }
            awaitRetentionCheck(bootstrap);

            props.put("releasewatch.data-dir", dir.resolve("replacement").toString()); // an empty disk: state from the changelogs
            props.put("micronaut.server.port", EmbeddedKafkaBroker.freePort());
            try (ReleasewatchService replacement = TestService.start(props)) {
                Topics.send(bootstrap, topics.sanctions(), List.of(Burst.record(topics, December13Story.belaruskaliRelief())));
                await().atMost(Duration.ofSeconds(90)).until(() -> TestService.caughtUp(bootstrap, topics, applicationId));
                assertThat(Story.alerts(bootstrap, topics.alerts()).stream().filter(a -> a.rule() == AlertRule.LINKED_RELIEF))
                        .singleElement().satisfies(a -> assertThat(a.details().path("releaseCount").asInt()).isEqualTo(10));
                JsonNode day = Json.read(Http.get(replacement.httpPort(), "/api/countries/BY/releases?date=2025-12-13").body(),
                        JsonNode.class);
                assertThat(day.path("count").asInt()).as("the day's tally, restored").isEqualTo(10);
            }
        } finally {
            broker.close();
        }
    }

    /**
     * Waits until the broker's periodic retention check has run: a canary topic's only record, stamped
     * with the story's date, is deleted by it (1 day retention by record time).
     */
    private static void awaitRetentionCheck(String bootstrap) {
        String canary = Topics.unique("retention-canary");
        TopicPartition partition = new TopicPartition(canary, 0);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(canary, 1, (short) 1)
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(Duration.ofDays(1).toMillis()))))).all().get();
            try (KafkaProducer<byte[], byte[]> producer = Topics.producer(bootstrap)) {
                producer.send(new ProducerRecord<>(canary, 0, December13Story.FIRST_RELEASE.toEpochMilli(), null, "old".getBytes(UTF_8))).get();
            }
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                    admin.listOffsets(Map.of(partition, OffsetSpec.earliest())).all().get().get(partition).offset() == 1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

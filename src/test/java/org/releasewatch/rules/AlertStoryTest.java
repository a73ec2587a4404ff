package org.releasewatch.rules;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.releasewatch.ReleasewatchService;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Severity;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.Story;
import org.releasewatch.testing.TestService;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The 13 December 2025 story through a running service on a real broker: exactly the expected alerts
 * on the alerts topic for a read_committed reader, and the same ids when the same input is replayed
 * into a fresh application id.
 */
class AlertStoryTest {

    private static final String BOOTSTRAP = SharedBroker.bootstrapServers();

    @Test
    void theStoryGivesExactlyItsAlertsAndAReplayGivesTheSameIds() {
        TopicsConfig topics = TestService.uniqueTopics();
        Map<String, Object> first = TestService.properties(topics, TestService.tempDir());
        List<Alert> alerts;
        try (ReleasewatchService service = TestService.start(first)) {
            Story.feedWatchlist(BOOTSTRAP, topics);
            Story.awaitWatchlist(service);
            long fed = System.nanoTime();
            Story.feedReleasesAndRelief(BOOTSTRAP, topics);

            await().atMost(Duration.ofSeconds(60)).until(() -> Story.alerts(BOOTSTRAP, topics.alerts()).size() >= 6);
            System.out.printf("13 Dec story: 6 alerts visible to read_committed %d ms after feeding 124 events%n",
                    (System.nanoTime() - fed) / 1_000_000);
            awaitCaughtUp(String.valueOf(first.get("releasewatch.application-id")), topics.internalEvents());
            alerts = Story.alerts(BOOTSTRAP, topics.alerts());
        }

        assertThat(alerts).hasSize(6).extracting(Alert::id).doesNotHaveDuplicates();
        assertThat(alerts.stream().collect(Collectors.groupingBy(Alert::rule, Collectors.counting()))).isEqualTo(Map.of(
                AlertRule.WATCHLIST_RELEASE, 2L, AlertRule.MASS_RELEASE, 2L, AlertRule.SANCTIONS_CHANGE, 1L,
                AlertRule.LINKED_RELIEF, 1L));
        Alert hundred = alerts.stream().filter(a -> a.rule() == AlertRule.MASS_RELEASE && a.severity() == Severity.CRITICAL)
                .findFirst().orElseThrow();
        assertThat(hundred.details().get("count").asInt()).isEqualTo(100);
        assertThat(hundred.details().get("byDestination").toString()).isEqualTo("{\"LT\":9,\"UA\":91}");
        Alert linked = alerts.stream().filter(a -> a.rule() == AlertRule.LINKED_RELIEF).findFirst().orElseThrow();
        assertThat(linked.details().get("confidence").asText()).isEqualTo("high");
        // Story feeds the relief after ingest forwarded every release: all 123 are seen when it fires
        assertThat(linked.details().get("releaseCount").asInt()).isEqualTo(123);

        // replay: same input topics (and the already-validated watchlist), fresh application id and outputs
        TopicsConfig fresh = TestService.uniqueTopics();
        TopicsConfig replayTopics = new TopicsConfig(topics.releases(), topics.sanctions(), topics.watchlist(),
                fresh.alerts(), fresh.dlq(), fresh.webhookDlq(), fresh.internalEvents(), topics.internalWatchlist(),
                true, 3, (short) 1);
        Map<String, Object> replay = new HashMap<>(TestService.properties(replayTopics, TestService.tempDir()));
        try (ReleasewatchService service = TestService.start(replay)) {
            // every first message again (the replay's LINKED_RELIEF thread may hold more messages than the first run's)
            List<String> firstRun = alerts.stream().map(Alert::id).toList();
            await().atMost(Duration.ofSeconds(60)).until(() -> Story.alerts(BOOTSTRAP, replayTopics.alerts()).stream()
                    .map(Alert::id).toList().containsAll(firstRun));
            awaitCaughtUp(String.valueOf(replay.get("releasewatch.application-id")), replayTopics.internalEvents());
            List<Alert> replayed = Story.alerts(BOOTSTRAP, replayTopics.alerts());
            // the same alerts; a replay reads the relief and the releases in another order, so the relief may meet
            // fewer releases when it fires, and its thread then goes on with an update at each threshold it reaches
            // (the final count comes only when the window closes, which the story never reaches)
            assertThat(replayed).extracting(Alert::id).doesNotHaveDuplicates().containsAll(alerts.stream().map(Alert::id).toList());
            List<Alert> more = replayed.stream().filter(a -> !alerts.stream().map(Alert::id).toList().contains(a.id())).toList();
            assertThat(more).allSatisfy(a -> {
                assertThat(a.rule()).isEqualTo(AlertRule.LINKED_RELIEF);
                assertThat(a.thread()).isEqualTo(linked.id());
                assertThat(a.details().get("releaseCount").asInt()).isIn(10, 100);
            });
        }
    }

    /** Waits until the topology has committed everything on its input: no alert is still to come. */
    static void awaitCaughtUp(String applicationId, String internalEvents) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, 3)
                        .mapToObj(p -> new TopicPartition(internalEvents, p))
                        .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get();
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
                Set<TopicPartition> behind = ends.entrySet().stream()
                        .filter(e -> e.getValue().offset() > 0)
                        .filter(e -> committed.get(e.getKey()) == null
                                || committed.get(e.getKey()).offset() < e.getValue().offset())
                        .map(Map.Entry::getKey).collect(Collectors.toSet());
                return behind.isEmpty();
            });
        }
    }
}

package org.releasewatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.releasewatch.ReleasewatchService;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.Json;
import org.releasewatch.rules.AlertTopology;
import org.releasewatch.testing.Http;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.Story;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Severity;
import org.releasewatch.testing.SampleAlerts;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of one application (same application id, one broker) share the partitions; each
 * answers every query, asking the other for what it holds.
 */
class TwoInstanceQueryTest {

    private static final String BOOTSTRAP = SharedBroker.bootstrapServers();

    @Test
    void eitherInstanceAnswersForKeysTheOtherHolds() {
        TopicsConfig topics = TestService.uniqueTopics();
        String app = Topics.unique("two-app");
        Map<String, Object> a = new HashMap<>(TestService.properties(topics, TestService.tempDir()));
        Map<String, Object> b = new HashMap<>(TestService.properties(topics, TestService.tempDir()));
        a.put("releasewatch.application-id", app);
        b.put("releasewatch.application-id", app);
        // instances ask each other with the peer token (and prove it in their answers), never a caller's token
        a.put("releasewatch.api.peer-token", "two-instance-peer-token");
        b.put("releasewatch.api.peer-token", "two-instance-peer-token");
        try (ReleasewatchService first = TestService.start(a); ReleasewatchService second = TestService.start(b)) {
            List<ReleasewatchService> both = List.of(first, second);
            // both running, partitions spread over the two
            await().atMost(Duration.ofSeconds(90)).until(() -> both.stream().allMatch(s ->
                    streams(s).state() == KafkaStreams.State.RUNNING
                            && streams(s).metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum() > 0));

            Story.feedWatchlist(BOOTSTRAP, topics);
            Story.feedReleasesAndRelief(BOOTSTRAP, topics);
            await().atMost(Duration.ofSeconds(60)).until(() -> Story.alerts(BOOTSTRAP, topics.alerts()).size() >= 6);

            HostInfo owner = streams(first).queryMetadataForKey(AlertTopology.MASS_RELEASE_STORE, "BY",
                    Serdes.String().serializer()).activeHost();
            ReleasewatchService notOwner = owner.port() == first.httpPort() ? second : first;
            assertThat(owner.port()).as("BY is held by one of the two").isIn(first.httpPort(), second.httpPort());

            for (ReleasewatchService s : List.of(notOwner, first, second)) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    JsonNode day = Json.read(Http.get(s.httpPort(), "/api/countries/BY/releases?date=2025-12-13").body(), JsonNode.class);
                    assertThat(day.get("count").asInt()).isEqualTo(123);
                    JsonNode alerts = Json.read(Http.get(s.httpPort(), "/api/alerts").body(), JsonNode.class).get("alerts");
                    assertThat(alerts).hasSize(6);
                    assertThat(Json.read(Http.get(s.httpPort(), "/api/links").body(), JsonNode.class).get("links")).hasSize(1);
                });
            }
            String someId = Json.read(Http.get(first.httpPort(), "/api/alerts").body(), JsonNode.class)
                    .get("alerts").get(0).get("id").asText();
            assertThat(Http.get(notOwner.httpPort(), "/api/alerts/" + someId).statusCode()).isEqualTo(200);

            // an alert older than the newest 1 000 is still found by id from either instance (one of them
            // holds it, the other asks for that key rather than for a page of recent alerts)
            java.time.Instant base = java.time.Instant.now().minusSeconds(3600);
            List<org.releasewatch.model.Alert> many = new java.util.ArrayList<>();
            for (int i = 0; i < 1100; i++) {
                org.releasewatch.model.Alert x = SampleAlerts.alert(Topics.unique("old") + "-" + i, AlertRule.SANCTIONS_CHANGE,
                        Severity.INFO, "BY");
                many.add(new org.releasewatch.model.Alert(x.schema(), x.id(), x.rule(), x.severity(), x.country(), x.title(),
                        x.occurredAt(), base.plusMillis(i), x.evidence(), x.details()));
            }
            Topics.send(BOOTSTRAP, topics.alerts(), many.stream().map(x -> SampleAlerts.record(topics.alerts(), x)).toList());
            String oldest = many.get(0).id();
            for (ReleasewatchService s : both) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(Http.get(s.httpPort(), "/api/alerts/" + oldest).statusCode()).isEqualTo(200));
            }
            assertThat(Http.get(first.httpPort(), "/api/alerts/no-such-alert").statusCode()).isEqualTo(404);
        }
    }

    private static KafkaStreams streams(ReleasewatchService service) {
        return service.context().getBean(KafkaStreams.class);
    }
}

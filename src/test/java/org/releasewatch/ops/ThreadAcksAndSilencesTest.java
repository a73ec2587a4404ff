package org.releasewatch.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.releasewatch.ReleasewatchService;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.MsgType;
import org.releasewatch.model.Severity;
import org.releasewatch.rules.MessageIds;
import org.releasewatch.testing.Http;
import org.releasewatch.testing.Receiver;
import org.releasewatch.testing.SampleAlerts;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Silences and acknowledgements apply to threads (contract v1.2, "Alerts that evolve", item 5), on a running service
 * with update and cancel messages written to its alerts topic: a silence that matches a thread's first message also
 * holds its updates and cancels, even one whose own fields no longer match (its details changed), while other threads
 * are delivered; an ack of any message of a thread marks every message of it, in the API and its filter.
 */
class ThreadAcksAndSilencesTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String TOKEN = AcksAndSilencesTwoInstancesTest.TOKEN; // its send() writes with this one

    static TopicsConfig topics;
    static Receiver receiver;
    static ReleasewatchService service;

    @BeforeAll
    static void start() {
        topics = TestService.uniqueTopics();
        receiver = new Receiver(SECRET);
        Map<String, Object> p = new HashMap<>(TestService.properties(topics, TestService.tempDir()));
        p.put("releasewatch.api.operators", List.of(Map.of("name", "alice", "token", TOKEN)));
        p.put("releasewatch.webhooks.subscriptions", List.of(Map.of("url", receiver.url(), "secret", SECRET)));
        service = TestService.start(p);
        await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(service.httpPort(), "/health").statusCode() == 200);
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        receiver.close();
    }

    private static Alert person(String id, String personId) {
        Alert a = SampleAlerts.alert(id, AlertRule.WATCHLIST_RELEASE, Severity.CRITICAL, "BY");
        return a.withTitleAndDetails(personId + " released", JsonNodeFactory.instance.objectNode()
                .set("person", JsonNodeFactory.instance.objectNode().put("id", personId).put("name", personId)));
    }

    private static Alert later(Alert first, MsgType type, String step, List<String> references, String change) {
        // a later message whose details no longer name the person: matching its own fields, no personIds silence would hold it
        return first.inThread(type, MessageIds.of(first.id(), step), first.id(), references, change)
                .withTitleAndDetails(first.title() + " (" + change + ")", JsonNodeFactory.instance.objectNode())
                .withEmittedAt(Instant.now());
    }

    private static void publish(Alert... alerts) {
        Topics.send(SharedBroker.bootstrapServers(), topics.alerts(),
                java.util.Arrays.stream(alerts).map(a -> SampleAlerts.record(topics.alerts(), a)).toList());
    }

    @Test
    void aSilenceOfAThreadsFirstMessageHoldsItsUpdatesAndCancelsAndAnAckOfOneMessageMarksTheWholeThread() {
        String personId = Topics.unique("viasna");
        HttpResponse<String> created = AcksAndSilencesTwoInstancesTest.send(service, "POST", "/api/silences", """
                {"matchers": {"personIds": ["%s"]}, "endsAt": "%s", "comment": "family asked for no alerts"}"""
                .formatted(personId, Instant.now().plus(Duration.ofHours(1))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String silenceId = AcksAndSilencesTwoInstancesTest.json(created).path("id").asText();

        Alert a = person(Topics.unique("a"), personId);
        Alert aUpdate = later(a, MsgType.UPDATE, "corroborated", List.of(a.id()), "confirmed by a second source");
        Alert aCancel = later(a, MsgType.CANCEL, "retracted:e-1", List.of(a.id(), aUpdate.id()), "report withdrawn by its source");
        Alert b = person(Topics.unique("b"), Topics.unique("other"));
        Alert bUpdate = later(b, MsgType.UPDATE, "corroborated", List.of(b.id()), "confirmed by a second source");
        publish(a, b);
        publish(aUpdate, bUpdate);
        publish(aCancel);
        Alert last = SampleAlerts.alert(Topics.unique("last"), AlertRule.SANCTIONS_CHANGE, Severity.INFO, "BY");
        publish(last); // same partition, after the others: once it is delivered, the others have been decided
        await().atMost(Duration.ofSeconds(40)).until(() -> receiver.deliveredIds().contains(last.id()));
        assertThat(receiver.deliveredIds()).as("thread a is silenced by its first message, b is not")
                .containsExactlyInAnyOrder(b.id(), bUpdate.id(), last.id());

        for (Alert x : List.of(a, aUpdate, aCancel, bUpdate)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> Http.get(service.httpPort(), "/api/alerts/" + x.id()).statusCode() == 200);
        }
        for (Alert x : List.of(a, aUpdate, aCancel)) {
            assertThat(json("/api/alerts/" + x.id()).path("silenced").path("id").asText()).as(x.id()).isEqualTo(silenceId);
        }
        assertThat(json("/api/alerts/" + bUpdate.id()).path("silenced").isNull()).isTrue();

        HttpResponse<String> ack = AcksAndSilencesTwoInstancesTest.send(service, "POST", "/api/alerts/" + bUpdate.id() + "/ack",
                "{\"note\": \"on it\"}");
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
        for (Alert x : List.of(b, bUpdate)) {
            JsonNode marked = json("/api/alerts/" + x.id());
            assertThat(marked.path("ack").path("by").asText()).as(x.id()).isEqualTo("alice");
            assertThat(marked.path("ack").path("alertId").asText()).isEqualTo(bUpdate.id());
        }
        assertThat(json("/api/alerts/" + a.id()).path("ack").isNull()).isTrue();
        assertThat(json("/api/alerts?acknowledged=true").path("alerts")).extracting(n -> n.path("id").asText())
                .containsExactlyInAnyOrder(b.id(), bUpdate.id());
    }

    private static JsonNode json(String path) {
        return Json.read(Http.get(service.httpPort(), path).body(), JsonNode.class);
    }
}

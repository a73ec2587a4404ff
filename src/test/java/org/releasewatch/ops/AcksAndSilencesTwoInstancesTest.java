package org.releasewatch.ops;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.releasewatch.ReleasewatchService;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Severity;
import org.releasewatch.testing.Http;
import org.releasewatch.testing.Receiver;
import org.releasewatch.testing.SampleAlerts;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of one application on the real broker: A is where the operator works; B is configured with a
 * subscription to a real receiver, which both then deliver (subscriptions are shared through their topic), each for
 * its partitions. An ack made on A shows on B; a silence made on A keeps matching alerts from the receiver, whichever
 * instance delivers them, while they still reach the alerts topic and B's history marked silenced; ending it lets
 * later alerts through.
 */
class AcksAndSilencesTwoInstancesTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String TOKEN = "alice-operator-token";
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    static TopicsConfig topics;
    static Receiver receiver;
    static ReleasewatchService a;
    static ReleasewatchService b;

    @BeforeAll
    static void start() {
        topics = TestService.uniqueTopics();
        receiver = new Receiver(SECRET);
        Map<String, Object> common = new HashMap<>(TestService.properties(topics, TestService.tempDir()));
        common.put("releasewatch.api.operators", List.of(Map.of("name", "alice", "token", TOKEN)));
        // the instances ask each other for the alerts and state they hold (contract v1.2: with a peer token only)
        common.put("releasewatch.api.peer-token", "acks-two-instances-peer-token");
        Map<String, Object> propsA = new HashMap<>(common);
        Map<String, Object> propsB = new HashMap<>(common);
        propsB.put("micronaut.server.port", org.releasewatch.broker.EmbeddedKafkaBroker.freePort());
        propsB.put("releasewatch.instance-id", Topics.unique("instance-b"));
        propsB.put("releasewatch.data-dir", TestService.tempDir().toString());
        propsB.put("releasewatch.webhooks.subscriptions", List.of(Map.of("url", receiver.url(), "secret", SECRET)));
        a = TestService.start(propsA);
        b = TestService.start(propsB);
        for (ReleasewatchService s : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(s.httpPort(), "/health").statusCode() == 200);
        }
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {b, a, receiver}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @Test
    void anAckOnAShowsOnBAndASilenceOnAHoldsBsDeliveryUntilItEnds() {
        Alert first = publish(AlertRule.MASS_RELEASE, Severity.WARNING, "BY");
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.deliveredIds().contains(first.id()));
        await().atMost(Duration.ofSeconds(30)).until(() -> Http.get(b.httpPort(), "/api/alerts/" + first.id()).statusCode() == 200);

        // ack on A, seen on B: in its API and on a dashboard's open stream
        List<String> streamed = new java.util.concurrent.CopyOnWriteArrayList<>();
        var stream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().sendAsync(
                HttpRequest.newBuilder(URI.create("http://localhost:" + b.httpPort() + "/api/alerts/stream"))
                        .header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> {
                    streamed.add("status " + r.statusCode());
                    r.body().forEach(streamed::add);
                });
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> streamed.stream().anyMatch(l -> l.replace(" ", "").equals("event:ready")));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the stream did not open: " + streamed + " " + stream, e);
        }
        Instant asked = Instant.now();
        HttpResponse<String> ack = send(a, "POST", "/api/alerts/" + first.id() + "/ack", "{\"note\":\"on it\"}");
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() ->
                "alice".equals(json(Http.get(b.httpPort(), "/api/alerts/" + first.id())).path("ack").path("by").asText(null)));
        System.out.println("An ack made on instance A was shown by instance B after "
                + Duration.between(asked, Instant.now()).toMillis() + " ms");
        await().atMost(Duration.ofSeconds(10)).until(() -> streamed.stream().anyMatch(l -> l.startsWith("data:")
                && l.contains("\"alertId\":\"" + first.id() + "\"") && l.contains("\"by\":\"alice\"")));
        assertThat(streamed).anySatisfy(l -> assertThat(l.replace(" ", "")).isEqualTo("event:ack"));
        stream.cancel(true);
        JsonNode onB = json(Http.get(b.httpPort(), "/api/alerts?acknowledged=true"));
        assertThat(onB.path("alerts")).extracting(n -> n.path("id").asText()).containsExactly(first.id());
        assertThat(json(Http.get(b.httpPort(), "/api/alerts/" + first.id())).path("ack").path("note").asText()).isEqualTo("on it");

        // a silence on A holds the delivery of what it matches, not of the rest
        HttpResponse<String> created = send(a, "POST", "/api/silences", """
                {"matchers": {"countries": ["by"], "rules": ["MASS_RELEASE"]},
                 "endsAt": "%s", "comment": "a known duplicate feed"}""".formatted(Instant.now().plus(Duration.ofHours(1))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String silenceId = json(created).path("id").asText();
        assertThat(json(created).path("createdBy").asText()).isEqualTo("alice");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                json(Http.get(b.httpPort(), "/api/silences")).path("silences").findValuesAsText("id").contains(silenceId));

        Alert held = publish(AlertRule.MASS_RELEASE, Severity.CRITICAL, "BY");
        Alert other = publish(AlertRule.SANCTIONS_CHANGE, Severity.INFO, "BY"); // same partition, after it
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.deliveredIds().contains(other.id()));
        assertThat(receiver.deliveredIds()).doesNotContain(held.id());
        assertThat(Topics.values(Topics.readCommitted(SharedBroker.bootstrapServers(), topics.alerts())))
                .anySatisfy(v -> assertThat(v).contains(held.id()));
        await().atMost(Duration.ofSeconds(30)).until(() -> Http.get(b.httpPort(), "/api/alerts/" + held.id()).statusCode() == 200);
        assertThat(json(Http.get(b.httpPort(), "/api/alerts/" + held.id())).path("silenced").path("id").asText()).isEqualTo(silenceId);
        assertThat(json(Http.get(b.httpPort(), "/api/alerts/" + other.id())).path("silenced").isNull()).isTrue();
        assertThat(json(Http.get(a.httpPort(), "/api/alerts?silenced=true")).path("alerts"))
                .extracting(n -> n.path("id").asText()).containsExactly(held.id());
        // the configured subscription is followed by both instances (one topic of subscriptions): either may hold it
        assertThat(Http.metric(a.httpPort(), "releasewatch_alerts_silenced_total", l -> true)
                + Http.metric(b.httpPort(), "releasewatch_alerts_silenced_total", l -> true)).isEqualTo(1.0);

        // ended early on A: B delivers what comes next, and not what was held
        HttpResponse<String> ended = send(a, "DELETE", "/api/silences/" + silenceId, null);
        assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
        assertThat(json(ended).path("state").asText()).isEqualTo("ended");
        await().atMost(Duration.ofSeconds(10)).until(() -> "ended".equals(
                json(Http.get(b.httpPort(), "/api/silences/" + silenceId)).path("state").asText()));
        Alert after = publish(AlertRule.MASS_RELEASE, Severity.CRITICAL, "BY");
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.deliveredIds().contains(after.id()));
        assertThat(receiver.deliveredIds()).doesNotContain(held.id());
    }

    @Test
    void badRequestsAreRefusedNamingTheField() {
        // 503 while the instances' state is still being assigned after start-up
        await().atMost(Duration.ofSeconds(30)).until(() -> send(a, "POST", "/api/alerts/no-such-alert/ack", "{}").statusCode() != 503);
        assertThat(send(a, "POST", "/api/alerts/no-such-alert/ack", "{}").statusCode()).isEqualTo(404);
        HttpResponse<String> longNote = send(a, "POST", "/api/alerts/x/ack", "{\"note\":\"" + "n".repeat(501) + "\"}");
        assertThat(longNote.statusCode()).isEqualTo(400);
        assertThat(json(longNote).path("parameter").asText()).isEqualTo("note");
        String future = Instant.now().plus(Duration.ofHours(1)).toString();
        Map<String, String> cases = Map.of(
                "{\"matchers\": {}, \"endsAt\": \"" + future + "\", \"comment\": \"c\"}", "matchers",
                "{\"matchers\": {\"rules\": [\"NOPE\"]}, \"endsAt\": \"" + future + "\", \"comment\": \"c\"}", "matchers.rules",
                "{\"matchers\": {\"minSeverity\": \"loud\"}, \"endsAt\": \"" + future + "\", \"comment\": \"c\"}", "matchers.minSeverity",
                "{\"matchers\": {\"countries\": [\"BY\"]}, \"endsAt\": \"2020-01-01T00:00:00Z\", \"comment\": \"c\"}", "endsAt",
                "{\"matchers\": {\"countries\": [\"BY\"]}, \"startsAt\": \"" + Instant.now().plus(Duration.ofHours(2)) + "\", \"endsAt\": \"" + future + "\", \"comment\": \"c\"}", "endsAt",
                "{\"matchers\": {\"countries\": [\"BY\"]}, \"endsAt\": \"" + future + "\"}", "comment");
        cases.forEach((body, field) -> {
            HttpResponse<String> r = send(a, "POST", "/api/silences", body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(json(r).path("parameter").asText()).as(body).isEqualTo(field);
        });
        assertThat(send(a, "DELETE", "/api/silences/s-unknown", null).statusCode()).isEqualTo(404);
        // writes need the operator token, on loopback too
        HttpResponse<String> anonymous = request(a, "POST", "/api/silences", "{}", false);
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    private static Alert publish(AlertRule rule, Severity severity, String country) {
        Alert alert = SampleAlerts.alert(Topics.unique("alert"), rule, severity, country);
        Topics.send(SharedBroker.bootstrapServers(), topics.alerts(), List.of(SampleAlerts.record(topics.alerts(), alert)));
        return alert;
    }

    static HttpResponse<String> send(ReleasewatchService service, String method, String path, String body) {
        return request(service, method, path, body, true);
    }

    static HttpResponse<String> request(ReleasewatchService service, String method, String path, String body, boolean token) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://localhost:" + service.httpPort() + path))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token) {
            r.header("Authorization", "Bearer " + TOKEN);
        }
        try {
            return CLIENT.send(r.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        return Json.read(response.body(), JsonNode.class);
    }
}

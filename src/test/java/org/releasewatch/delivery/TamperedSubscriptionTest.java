package org.releasewatch.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Severity;
import org.releasewatch.testing.Receiver;
import org.releasewatch.testing.SampleAlerts;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Someone who can write the subscriptions topic (but does not hold the secrets key) copies a subscription's record
 * and points it at their own receiver. The copy fails authentication: its target never receives an alert, and the
 * subscription is shown rejected on the API and on {@code /health} until an operator creates it again.
 */
class TamperedSubscriptionTest {

    private static final String BOOTSTRAP = SharedBroker.bootstrapServers();
    private static final String SECRETS_KEY = "whsec_" + java.util.Base64.getEncoder().encodeToString(
            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final TopicsConfig topics = TestService.uniqueTopics();

    @AfterEach
    void close() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    private Receiver receiver(String secret) {
        Receiver r = new Receiver(secret);
        cleanup.add(r);
        return r;
    }

    private List<String> publish(String country) {
        Alert alert = SampleAlerts.alert(Topics.unique("alert"), AlertRule.WATCHLIST_RELEASE, Severity.CRITICAL, country);
        Topics.send(BOOTSTRAP, topics.alerts(), List.of(SampleAlerts.record(topics.alerts(), alert)));
        return List.of(alert.id());
    }

    private final String app = Topics.unique("app");

    private Map<String, Object> properties(String app, Receiver control) {
        Map<String, Object> p = new HashMap<>(TestService.properties(topics, TestService.tempDir()));
        p.put("releasewatch.application-id", app);
        p.put("releasewatch.secrets.key", SECRETS_KEY);
        p.put("releasewatch.api.operators", List.of(Map.of("name", "alice", "token", "alice-operator-token")));
        p.put("releasewatch.webhooks.subscriptions", List.of(Map.of("url", control.url(), "secret", WebhookDeliveryTest.SECRET)));
        return p;
    }

    private static int port(Map<String, Object> p) {
        return Integer.parseInt(String.valueOf(p.get("micronaut.server.port")));
    }

    /** The record of {@code id} as the subscriptions topic holds it, with its URL sealed for {@code target}. */
    private static ObjectNode copyTo(Map<String, Object> p, String id, Receiver target) {
        String subscriptions = String.valueOf(p.get("releasewatch.topics.subscriptions"));
        byte[] original = Topics.readCommitted(BOOTSTRAP, subscriptions).stream()
                .filter(r -> id.equals(new String(r.key(), StandardCharsets.UTF_8))).reduce((a, b) -> b).orElseThrow().value();
        ObjectNode copy = (ObjectNode) Json.read(original, JsonNode.class);
        copy.put("url", new SecretBox(SECRETS_KEY).encrypt(target.url(), id));
        return copy;
    }

    private static void write(Map<String, Object> p, String id, ObjectNode value) {
        String subscriptions = String.valueOf(p.get("releasewatch.topics.subscriptions"));
        Topics.send(BOOTSTRAP, subscriptions, List.of(new ProducerRecord<>(subscriptions,
                id.getBytes(StandardCharsets.UTF_8), Json.bytes(value))));
    }

    private static String view(int port, String id) {
        return SubscriptionsApiTest.call(port, "GET", "/api/subscriptions/" + id, null).body();
    }

    @Test
    void aCopiedRecordWithATamperedUrlIsRejectedNeverDeliveredToAndShownOnTheApiAndHealth() {
        Receiver control = receiver(WebhookDeliveryTest.SECRET);
        Map<String, Object> p = properties(app, control);
        cleanup.add(TestService.start(p));
        int port = port(p);

        String secret = SecretBox.newSecret();
        Receiver partner = receiver(secret);
        Receiver attacker = receiver(secret);
        var created = SubscriptionsApiTest.call(port, "POST", "/api/subscriptions",
                Json.string(Map.of("url", partner.url(), "secret", secret)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = Json.read(created.body(), JsonNode.class).get("id").asText();
        List<String> first = publish("BY");
        await().atMost(Duration.ofSeconds(40)).until(() -> partner.acceptedIds().containsAll(first));

        // the attacker's copy: the record as the topic holds it, with the URL swapped for one sealed under the same
        // id (the old form's only protection); every other byte, an authentication tag included, is kept
        write(p, id, copyTo(p, id, attacker));

        List<String> after = publish("UA");
        await().atMost(Duration.ofSeconds(40)).until(() -> control.acceptedIds().containsAll(after)
                && (!attacker.received().isEmpty() || view(port, id).contains("rejected")));
        assertThat(attacker.received()).as("the tampered target never receives an alert").isEmpty();
        JsonNode shown = Json.read(view(port, id), JsonNode.class);
        assertThat(shown.path("unusable").asText()).as(shown.toString()).contains("rejected").contains("authentication");
        JsonNode health = Json.read(SubscriptionsApiTest.call(port, "GET", "/health", null).body(), JsonNode.class);
        assertThat(health.at("/details/subscriptions/details/unusable").toString()).as(health.toString())
                .contains(id).contains("rejected");

        String counted = SubscriptionsApiTest.call(port, "GET", "/metrics/releasewatch.subscriptions.rejected", null).body();
        assertThat(counted).as("counted once").contains("\"statistic\":\"COUNT\",\"value\":1.0");

        List<String> later = publish("LT");
        await().atMost(Duration.ofSeconds(40)).until(() -> control.acceptedIds().containsAll(later));
        assertThat(partner.acceptedIds()).as("a rejected record delivers nowhere").doesNotContainAnyElementsOf(later);
        var patched = SubscriptionsApiTest.call(port, "PATCH", "/api/subscriptions/" + id, "{\"description\":\"x\"}");
        assertThat(patched.statusCode()).as("a rejected record is never re-sealed as it stands: " + patched.body())
                .isEqualTo(409);
        assertThat(attacker.received()).isEmpty();
    }

    @Test
    void aCopyInTheOldFormWithItsTagStrippedIsRejectedLiveAndStillRejectedByAnInstanceStartedAfterwards() {
        Receiver control = receiver(WebhookDeliveryTest.SECRET);
        Map<String, Object> a = properties(app, control);
        AutoCloseable first = TestService.start(a);
        String secret = SecretBox.newSecret();
        Receiver partner = receiver(secret);
        Receiver attacker = receiver(secret);
        var created = SubscriptionsApiTest.call(port(a), "POST", "/api/subscriptions",
                Json.string(Map.of("url", partner.url(), "secret", secret)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = Json.read(created.body(), JsonNode.class).get("id").asText();
        ObjectNode stripped = copyTo(a, id, attacker);
        assertThat(stripped.remove("tag")).as("the API wrote a sealed record").isNotNull();
        stripped.remove("v");
        write(a, id, stripped);
        await().atMost(Duration.ofSeconds(30)).until(() -> view(port(a), id).contains("v1.1"));
        try {
            first.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }

        Map<String, Object> b = properties(app, control);
        cleanup.add(TestService.start(b));
        assertThat(view(port(b), id)).as("a restart does not bless a stripped record").contains("rejected").contains("v1.1");
        List<String> after = publish("UA");
        await().atMost(Duration.ofSeconds(40)).until(() -> control.acceptedIds().containsAll(after));
        assertThat(attacker.received()).as("the tampered target never receives an alert").isEmpty();
    }

    @Test
    void aRecordOfTheOldFormOnATopicWithoutSealedOnesIsAcceptedAtStartAndWrittenAgainSealed() throws Exception {
        Map<String, Object> a = properties(app, receiver(WebhookDeliveryTest.SECRET));
        a.remove("releasewatch.webhooks.subscriptions");
        TestService.start(a).close(); // creates the topics
        String secret = SecretBox.newSecret();
        Receiver partner = receiver(secret);
        String id = SubscriptionIds.random();
        SecretBox box = new SecretBox(SECRETS_KEY);
        SubscriptionRecord old = new SubscriptionRecord(id, SubscriptionRecord.ORIGIN_API, box.encrypt(partner.url(), id),
                box.encrypt(secret, id), null, null, null, null, null, null, null, null, null, null, "from v1.1",
                SubscriptionRecord.ACTIVE, null, null, "alice", java.time.Instant.now(), null, null, null);
        write(a, id, (ObjectNode) Json.tree(old));

        Map<String, Object> b = properties(app, receiver(WebhookDeliveryTest.SECRET));
        b.remove("releasewatch.webhooks.subscriptions");
        cleanup.add(TestService.start(b));
        String subscriptions = String.valueOf(b.get("releasewatch.topics.subscriptions"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Topics.readCommitted(BOOTSTRAP, subscriptions).stream()
                .filter(r -> id.equals(new String(r.key(), StandardCharsets.UTF_8))).reduce((x, y) -> y)
                .map(r -> Json.read(r.value(), JsonNode.class).path("v").asInt() == SubscriptionSeal.VERSION).orElse(false));
        assertThat(view(port(b), id)).doesNotContain("unusable").contains("from v1.1");
        List<String> after = publish("BY");
        await().atMost(Duration.ofSeconds(40)).until(() -> partner.acceptedIds().containsAll(after));
    }
}

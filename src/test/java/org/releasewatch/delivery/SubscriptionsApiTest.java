package org.releasewatch.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasewatch.ReleasewatchService;
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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Subscriptions managed over the API, on a real broker, with real receivers on loopback and whole services (two of
 * them on the same topics and application id where it matters). Receivers verify signatures with the published
 * Standard Webhooks library.
 */
class SubscriptionsApiTest {

    private static final String BOOTSTRAP = SharedBroker.bootstrapServers();
    private static final String OPERATOR_TOKEN = "alice-operator-token";
    private static final String SECRETS_KEY = "whsec_" + java.util.Base64.getEncoder().encodeToString(
            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final TopicsConfig topics = TestService.uniqueTopics();
    private final String app = Topics.unique("app");

    @AfterEach
    void close() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    private Map<String, Object> properties(Path dataDir, Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>(TestService.properties(topics, dataDir));
        p.put("releasewatch.application-id", app);
        p.put("releasewatch.secrets.key", SECRETS_KEY);
        p.put("releasewatch.api.operators", List.of(Map.of("name", "alice", "token", OPERATOR_TOKEN)));
        p.put("releasewatch.webhooks.retry.initial-delay", "100ms");
        p.put("releasewatch.webhooks.retry.max-delay", "500ms");
        p.put("releasewatch.webhooks.timeout", "5s");
        p.putAll(extra);
        return p;
    }

    private ReleasewatchService start(Map<String, Object> properties) {
        ReleasewatchService service = TestService.start(properties);
        cleanup.add(service);
        return service;
    }

    private Receiver receiver(String secret) {
        Receiver r = new Receiver(secret);
        cleanup.add(r);
        return r;
    }

    private static int port(Map<String, Object> properties) {
        return Integer.parseInt(String.valueOf(properties.get("micronaut.server.port")));
    }

    static HttpResponse<String> call(int port, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + OPERATOR_TOKEN)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Json.read(response.body(), JsonNode.class);
    }

    private List<Alert> publish(String... countries) {
        List<Alert> alerts = java.util.Arrays.stream(countries)
                .map(c -> SampleAlerts.alert(Topics.unique("alert"), AlertRule.WATCHLIST_RELEASE, Severity.CRITICAL, c)).toList();
        // spread over every partition, whatever the countries hash to: each instance then has some to deliver
        List<org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            var r = SampleAlerts.record(topics.alerts(), alerts.get(i));
            records.add(new org.apache.kafka.clients.producer.ProducerRecord<>(r.topic(), i % topics.partitions(), r.key(),
                    r.value(), r.headers()));
        }
        Topics.send(BOOTSTRAP, topics.alerts(), records);
        return alerts;
    }

    private static List<String> ids(List<Alert> alerts) {
        return alerts.stream().map(Alert::id).toList();
    }

    @Test
    void aSubscriptionCreatedOnOneInstanceIsDeliveredByTheOtherAndDeletingItStopsDelivery() {
        Receiver control = receiver(WebhookDeliveryTest.SECRET);
        Map<String, Object> configured = Map.of("url", control.url(), "secret", WebhookDeliveryTest.SECRET);
        Map<String, Object> a = properties(TestService.tempDir(), Map.of("releasewatch.webhooks.subscriptions", List.of(configured)));
        Map<String, Object> b = properties(TestService.tempDir(), Map.of("releasewatch.webhooks.subscriptions", List.of(configured)));
        start(a);
        start(b);
        String secret = SecretBox.newSecret();
        Receiver partner = receiver(secret);

        Instant posted = Instant.now();
        HttpResponse<String> created = call(port(a), "POST", "/api/subscriptions",
                Json.string(Map.of("url", partner.url(), "secret", secret, "description", "partner X")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).get("id").asText();
        assertThat(id).matches("sub_[0-9a-f]{16}");
        assertThat(json(created).get("secret").asText()).isEqualTo(secret);
        assertThat(json(created).get("createdBy").asText()).isEqualTo("alice");

        // both instances' workers for it share its consumer group: once each holds partitions, B delivers some
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                var group = admin.describeConsumerGroups(List.of(app + "-webhook-" + id)).all().get().get(app + "-webhook-" + id);
                return group.members().size() == 2
                        && group.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
            });
        }
        List<Alert> alerts = publish("BY", "UA", "LT", "PL", "GE", "AM", "KZ", "AZ", "RU");
        await().atMost(Duration.ofSeconds(40)).until(() -> partner.acceptedIds().containsAll(ids(alerts)));
        // B's own attempts log: the alerts of the partitions assigned to B went out through B
        List<JsonNode> viaB = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            viaB.clear();
            json(call(port(b), "GET", "/api/subscriptions/" + id + "/attempts", null)).get("attempts").forEach(viaB::add);
            return viaB.stream().anyMatch(x -> "delivered".equals(x.get("outcome").asText()));
        });
        Instant first = viaB.stream().filter(x -> "delivered".equals(x.get("outcome").asText()))
                .map(x -> Instant.parse(x.get("at").asText())).min(Instant::compareTo).orElseThrow();
        System.out.println("POST on instance A to first delivery through instance B: "
                + Duration.between(posted, first).toMillis() + " ms");
        assertThat(partner.received()).allSatisfy(r -> assertThat(r.signatureValid()).isTrue());
        assertThat(partner.received().stream().map(Receiver.Received::id).distinct().toList())
                .as("only alerts emitted after its creation").containsExactlyInAnyOrderElementsOf(ids(alerts));

        HttpResponse<String> shownOnB = call(port(b), "GET", "/api/subscriptions/" + id, null);
        assertThat(shownOnB.statusCode()).isEqualTo(200);
        assertThat(shownOnB.body()).doesNotContain(secret).doesNotContain(partner.url()).contains("\"state\":\"active\"")
                .contains("partner X");
        assertThat(call(port(b), "GET", "/api/subscriptions", null).body())
                .contains(id).contains(SubscriptionIds.of(configured)).doesNotContain(secret)
                .doesNotContain(WebhookDeliveryTest.SECRET);

        assertThat(call(port(b), "DELETE", "/api/subscriptions/" + id, null).statusCode()).isEqualTo(204);
        assertThat(call(port(a), "GET", "/api/subscriptions/" + id, null).statusCode()).isEqualTo(404);
        int before = partner.received().size();
        List<Alert> after = publish("BY", "UA", "LT", "PL", "GE", "AM");
        await().atMost(Duration.ofSeconds(30)).until(() -> control.acceptedIds().containsAll(ids(after)));
        assertThat(partner.received()).as("nothing is sent to a deleted subscription").hasSize(before);

        assertNoTopicHoldsInClear(secret, WebhookDeliveryTest.SECRET);
    }

    @Test
    void duringTheRotationOverlapEitherSecretVerifiesAndAfterItOnlyTheNewOne() throws Exception {
        Map<String, Object> p = properties(TestService.tempDir(), Map.of("releasewatch.webhooks.rotation-overlap", "8s"));
        start(p);
        Receiver receiver = receiver(WebhookDeliveryTest.SECRET); // its own check is not used: the test verifies below
        HttpResponse<String> created = call(port(p), "POST", "/api/subscriptions", Json.string(Map.of("url", receiver.url())));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).get("id").asText();
        String oldSecret = json(created).get("secret").asText();
        assertThat(oldSecret).startsWith("whsec_");

        String a1 = ids(publish("BY")).get(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().stream().anyMatch(r -> a1.equals(r.id())));
        assertThat(verifies(oldSecret, request(receiver, a1))).isTrue();

        HttpResponse<String> rotated = call(port(p), "POST", "/api/subscriptions/" + id + "/rotate-secret", null);
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        String newSecret = json(rotated).get("secret").asText();
        Instant until = Instant.parse(json(rotated).get("previousSecretValidUntil").asText());
        assertThat(newSecret).isNotEqualTo(oldSecret);
        assertThat(call(port(p), "GET", "/api/subscriptions/" + id, null).body()).doesNotContain(newSecret).doesNotContain(oldSecret);

        String a2 = ids(publish("UA")).get(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().stream().anyMatch(r -> a2.equals(r.id())));
        Receiver.Received during = request(receiver, a2);
        assertThat(during.at()).as("the test's overlap is long enough for this delivery").isBefore(until);
        assertThat(during.headers().get("webhook-signature").split(" ")).hasSize(2);
        assertThat(verifies(oldSecret, during)).as("a receiver holding only the old secret").isTrue();
        assertThat(verifies(newSecret, during)).as("a receiver holding only the new secret").isTrue();
        String first = during.headers().get("webhook-signature").split(" ")[0];
        assertThat(verifies(newSecret, during, first)).as("the new signature comes first").isTrue();

        await().atMost(Duration.ofSeconds(20)).until(() -> Instant.now().isAfter(until.plusMillis(200)));
        String a3 = ids(publish("LT")).get(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().stream().anyMatch(r -> a3.equals(r.id())));
        Receiver.Received afterOverlap = request(receiver, a3);
        assertThat(verifies(newSecret, afterOverlap)).isTrue();
        assertThat(verifies(oldSecret, afterOverlap)).as("the old secret no longer verifies").isFalse();
        assertNoTopicHoldsInClear(oldSecret, newSecret);
    }

    @Test
    void aReplayAfterAnOutagePastTheRetryBudgetSendsEveryAlertAgainA410DisablesAndARestartKeepsIt() {
        Path dataDir = TestService.tempDir();
        Map<String, Object> p = properties(dataDir, Map.of("releasewatch.webhooks.retry.max-attempts", 3,
                "releasewatch.webhooks.retry.initial-delay", "50ms", "releasewatch.webhooks.retry.max-delay", "100ms"));
        p.remove("releasewatch.secrets.key"); // the generated key file under the data dir
        ReleasewatchService service = start(p);
        assertThat(dataDir.resolve("secrets.key")).exists();
        assertThat(posixMode(dataDir.resolve("secrets.key"))).isEqualTo("rw-------");
        String secret = SecretBox.newSecret();
        Receiver receiver = receiver(secret);
        receiver.down();
        HttpResponse<String> created = call(port(p), "POST", "/api/subscriptions",
                Json.string(Map.of("url", receiver.url(), "secret", secret, "countries", List.of("BY", "UA"))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).get("id").asText();

        Instant since = Instant.now();
        List<Alert> outage = publish("BY", "UA", "BY", "UA", "BY");
        publish("LT"); // not wanted by the subscription
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLettered(id).containsAll(ids(outage)));
        assertThat(deadLettered(id)).hasSize(5);

        receiver.up();
        assertThat(call(port(p), "POST", "/api/subscriptions/" + id + "/replay", "{\"since\":\"yesterday\"}").statusCode())
                .isEqualTo(400);
        HttpResponse<String> replay = call(port(p), "POST", "/api/subscriptions/" + id + "/replay",
                Json.string(Map.of("since", since.minusSeconds(1).toString())));
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.acceptedIds().containsAll(ids(outage)));
        assertThat(receiver.acceptedIds()).as("every wanted alert once more, nothing else").hasSize(5);

        receiver.answer(r -> Receiver.Answer.status(410));
        publish("BY");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                json(call(port(p), "GET", "/api/subscriptions/" + id, null)).get("state").asText().equals("disabled"));
        assertThat(json(call(port(p), "GET", "/api/subscriptions/" + id, null)).get("disabledReason").asText()).contains("410");
        int requests = receiver.received().size();
        String whileDisabled = ids(publish("UA")).get(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLettered(id).contains(whileDisabled));
        assertThat(receiver.received()).as("nothing is sent to a disabled subscription").hasSize(requests);

        service.close();
        cleanup.remove(service);
        start(p);
        JsonNode kept = json(call(port(p), "GET", "/api/subscriptions/" + id, null));
        assertThat(kept.get("state").asText()).isEqualTo("disabled");
        assertThat(kept.get("countries").toString()).contains("BY", "UA");
        receiver.answer(r -> Receiver.Answer.ok());
        assertThat(call(port(p), "PATCH", "/api/subscriptions/" + id, "{\"state\":\"active\"}").statusCode()).isEqualTo(200);
        String afterRestart = ids(publish("BY")).get(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.acceptedIds().contains(afterRestart));
        assertNoTopicHoldsInClear(secret);
    }

    @Test
    void aMergePatchSetsWhatItNamesClearsWhatItSetsToNullKeepsTheRestAndNamesWhatItMayNotChange() {
        Map<String, Object> p = properties(TestService.tempDir(), Map.of("releasewatch.webhooks.allow-private-networks", false));
        start(p);
        HttpResponse<String> slack = call(port(p), "POST", "/api/subscriptions", "{\"format\":\"slack\",\"url\":"
                + "\"https://hooks.slack.com/services/T0/B0/sekret\",\"batchWindow\":\"2m\",\"redact\":[\"charges\"],"
                + "\"description\":\"first\"}");
        assertThat(slack.statusCode()).as(slack.body()).isEqualTo(201);
        String id = json(slack).get("id").asText();
        HttpResponse<String> patched = call(port(p), "PATCH", "/api/subscriptions/" + id,
                "{\"batchWindow\": null, \"description\": \"second\", \"countries\": \"BY\"}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        JsonNode now = json(call(port(p), "GET", "/api/subscriptions/" + id, null));
        assertThat(now.has("batchWindow")).as("null clears it: " + now).isFalse();
        assertThat(now.get("description").asText()).isEqualTo("second");
        assertThat(now.get("countries").toString()).contains("BY");
        assertThat(now.get("redact").toString()).as("left out, so kept").contains("charges");
        assertThat(now.get("url").asText()).as("left out, so kept").contains("hooks.slack.com");
        Map<String, String> refused = Map.of(
                "{\"secret\": \"whsec_x\"}", "secret",
                "{\"format\": \"discord\"}", "format",
                "{\"state\": null}", "state",
                "{\"state\": \"paused\"}", "state",
                "{\"colour\": \"red\"}", "colour",
                "{\"redact\": [1]}", "redact");
        refused.forEach((body, field) -> {
            HttpResponse<String> r = call(port(p), "PATCH", "/api/subscriptions/" + id, body);
            assertThat(r.statusCode()).as(body + " -> " + r.body()).isEqualTo(400);
            assertThat(json(r).get("parameter").asText()).as(body + " -> " + r.body()).isEqualTo(field);
        });
        assertThat(json(call(port(p), "GET", "/api/subscriptions/" + id, null)).get("description").asText())
                .as("nothing refused was written").isEqualTo("second");
    }

    @Test
    void badRequestsNameTheFieldAndARefusedTargetIs422() {
        Map<String, Object> p = properties(TestService.tempDir(), Map.of("releasewatch.webhooks.allow-private-networks", false));
        start(p);
        HttpResponse<String> noUrl = call(port(p), "POST", "/api/subscriptions", "{\"rules\":[\"NO_SUCH_RULE\"]}");
        assertThat(noUrl.statusCode()).isEqualTo(400);
        HttpResponse<String> badRule = call(port(p), "POST", "/api/subscriptions",
                "{\"url\":\"https://hooks.example.org/x\",\"rules\":[\"NO_SUCH_RULE\"]}");
        assertThat(badRule.statusCode()).isEqualTo(400);
        assertThat(json(badRule).get("parameter").asText()).isEqualTo("rules");
        HttpResponse<String> badSeverity = call(port(p), "POST", "/api/subscriptions",
                "{\"url\":\"https://hooks.example.org/x\",\"minSeverity\":\"loud\"}");
        assertThat(json(badSeverity).get("parameter").asText()).isEqualTo("minSeverity");
        HttpResponse<String> telegram = call(port(p), "POST", "/api/subscriptions",
                "{\"format\":\"telegram\",\"url\":\"https://api.telegram.org/bot1:x/sendMessage\"}");
        assertThat(json(telegram).get("parameter").asText()).isEqualTo("chatId");
        HttpResponse<String> typo = call(port(p), "POST", "/api/subscriptions", "{\"url\":\"https://hooks.example.org/x\",\"countrys\":[\"BY\"]}");
        assertThat(json(typo).get("parameter").asText()).isEqualTo("countrys");
        HttpResponse<String> loopback = call(port(p), "POST", "/api/subscriptions", "{\"url\":\"http://127.0.0.1:9/x\"}");
        assertThat(loopback.statusCode()).as(loopback.body()).isEqualTo(422);
        assertThat(json(loopback).get("parameter").asText()).isEqualTo("url");
        HttpResponse<String> slack = call(port(p), "POST", "/api/subscriptions",
                "{\"format\":\"slack\",\"url\":\"https://hooks.slack.com/services/T0/B0/sekret\",\"batchWindow\":\"2m\",\"redact\":[\"charges\"]}");
        assertThat(slack.statusCode()).as(slack.body()).isEqualTo(201);
        assertThat(json(slack).has("secret")).isFalse();
        assertThat(slack.body()).doesNotContain("sekret").contains("\"batchWindow\":\"120s\"");
        String slackId = json(slack).get("id").asText();
        assertThat(call(port(p), "POST", "/api/subscriptions/" + slackId + "/rotate-secret", null).statusCode()).isEqualTo(409);
        assertThat(call(port(p), "GET", "/api/subscriptions/" + slackId + "/attempts?limit=0", null).statusCode()).isEqualTo(400);
        assertThat(call(port(p), "GET", "/api/subscriptions/sub_nope", null).statusCode()).isEqualTo(404);
        JsonNode health = json(call(port(p), "GET", "/health", null));
        assertThat(health.at("/details/subscriptions/status").asText()).as(health.toString()).isEqualTo("UP");
        assertThat(health.at("/details/subscriptions/details/subscriptions").asInt()).isEqualTo(1);
        HttpResponse<String> unauthenticated;
        try {
            unauthenticated = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(p) + "/api/subscriptions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"https://hooks.example.org/x\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        assertThat(unauthenticated.statusCode()).as("a write needs an operator token").isIn(401, 403);
    }

    // ---- helpers ----

    private static Receiver.Received request(Receiver receiver, String alertId) {
        return receiver.received().stream().filter(r -> alertId.equals(r.id())).reduce((x, y) -> y).orElseThrow();
    }

    private static boolean verifies(String secret, Receiver.Received r) {
        return verifies(secret, r, r.headers().get("webhook-signature"));
    }

    private static boolean verifies(String secret, Receiver.Received r, String signatureHeader) {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("webhook-id", List.of(r.headers().get("webhook-id")));
        headers.put("webhook-timestamp", List.of(r.headers().get("webhook-timestamp")));
        headers.put("webhook-signature", List.of(signatureHeader));
        try {
            new Webhook(secret).verify(r.body(), headers);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private Set<String> deadLettered(String subscriptionId) {
        Set<String> out = new java.util.HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : Topics.readCommitted(BOOTSTRAP, topics.webhookDlq())) {
            JsonNode failure = Json.read(r.value(), JsonNode.class);
            if (subscriptionId.equals(failure.path("subscription").path("id").asText())) {
                out.add(failure.path("alert").path("id").asText());
            }
        }
        return out;
    }

    private static String posixMode(Path file) {
        try {
            return java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(file));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads every record (keys, values, headers) of every topic of this test and its application id. */
    private void assertNoTopicHoldsInClear(String... secrets) {
        String prefix = topics.alerts().substring(0, topics.alerts().indexOf(".alerts"));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP));
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                     ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"),
                     new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<String> names = admin.listTopics().names().get().stream()
                    .filter(n -> n.startsWith(prefix) || n.startsWith(app)).toList();
            assertThat(names).contains(topics.alerts() + ".subscriptions", topics.webhookDlq());
            List<TopicPartition> partitions = new ArrayList<>();
            for (String name : names) {
                consumer.partitionsFor(name).forEach(info -> partitions.add(new TopicPartition(name, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long scanned = 0;
            List<byte[]> needles = new ArrayList<>();
            for (String s : secrets) {
                needles.add(s.getBytes(StandardCharsets.UTF_8));
                needles.add(s.substring("whsec_".length()).getBytes(StandardCharsets.UTF_8)); // the key's base64 alone
            }
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < until) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    scanned++;
                    List<byte[]> parts = new ArrayList<>();
                    parts.add(r.key());
                    parts.add(r.value());
                    for (Header h : r.headers()) {
                        parts.add(h.value());
                    }
                    for (byte[] part : parts) {
                        for (byte[] needle : needles) {
                            assertThat(indexOf(part, needle)).as("a secret in clear in " + r.topic()).isEqualTo(-1);
                        }
                    }
                }
            }
            assertThat(partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp))).as("scanned to the end").isTrue();
            assertThat(scanned).as("records scanned").isPositive();
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        if (haystack == null) {
            return -1;
        }
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

package org.releasewatch.delivery.channels;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A channel is a subscription over the API too: created with its format and channel fields, it gets its messages. */
class ChannelsOverApiTest {

    private static final String TOKEN = "operator-token-for-channels";
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final TopicsConfig topics = TestService.uniqueTopics();

    @AfterEach
    void close() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    private static HttpResponse<String> post(int port, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/subscriptions"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void slackAndTelegramChannelsCreatedOverTheApiGetAValidMessagePerAlert() throws Exception {
        FakeChatService slack = new FakeChatService(ChannelFormat.SLACK);
        FakeChatService telegram = new FakeChatService(ChannelFormat.TELEGRAM);
        cleanup.add(slack);
        cleanup.add(telegram);
        Map<String, Object> p = new HashMap<>(TestService.properties(topics, TestService.tempDir()));
        p.put("releasewatch.api.operators", List.of(Map.of("name", "olga", "token", TOKEN)));
        p.put("releasewatch.public-url", "https://releasewatch.example.org");
        cleanup.add(TestService.start(p));
        int port = Integer.parseInt(String.valueOf(p.get("micronaut.server.port")));

        HttpResponse<String> s = post(port, Json.string(Map.of("format", "slack", "url", slack.url(), "redact", List.of("charges"))));
        assertThat(s.statusCode()).as(s.body()).isEqualTo(201);
        HttpResponse<String> t = post(port, Json.string(Map.of("format", "telegram", "url", telegram.url(), "chatId", "-1001234567890")));
        assertThat(t.statusCode()).as(t.body()).isEqualTo(201);
        JsonNode shown = Json.read(t.body(), JsonNode.class);
        assertThat(shown.get("chatId").asText()).isEqualTo("-1001234567890");
        assertThat(shown.get("url").asText()).endsWith("/…");

        List<Alert> alerts = new ArrayList<>(Fixtures.onePerRule().values());
        Topics.send(SharedBroker.bootstrapServers(), topics.alerts(), alerts.stream()
                .map(a -> Topics.record(topics.alerts(), a.country(), new String(Json.bytes(a), StandardCharsets.UTF_8)))
                .toList());
        await().atMost(Duration.ofSeconds(40)).until(() -> slack.accepted().size() >= alerts.size()
                && telegram.accepted().size() >= alerts.size());
        assertThat(slack.requests()).allSatisfy(r -> assertThat(r.problems()).as(r.body()).isEmpty());
        assertThat(telegram.requests()).allSatisfy(r -> assertThat(r.problems()).as(r.body()).isEmpty());
        assertThat(telegram.accepted()).allSatisfy(r -> assertThat(r.json().get("chat_id").asText()).isEqualTo("-1001234567890"));
    }

    @Test
    void aSlackSubscriptionWithLocaleBeGetsTheBelarusianMessageAndAnUnknownLocaleIsRefusedNamingTheField() throws Exception {
        FakeChatService slack = new FakeChatService(ChannelFormat.SLACK);
        cleanup.add(slack);
        Map<String, Object> p = new HashMap<>(TestService.properties(topics, TestService.tempDir()));
        p.put("releasewatch.api.operators", List.of(Map.of("name", "olga", "token", TOKEN)));
        p.put("releasewatch.public-url", "https://releasewatch.example.org");
        cleanup.add(TestService.start(p));
        int port = Integer.parseInt(String.valueOf(p.get("micronaut.server.port")));

        HttpResponse<String> refused = post(port, Json.string(Map.of("format", "slack", "url", slack.url(), "locale", "de")));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        JsonNode problem = Json.read(refused.body(), JsonNode.class);
        assertThat(problem.path("parameter").asText()).isEqualTo("locale");
        assertThat(problem.path("detail").asText()).isEqualTo("locale: \"de\" is not one of en, be, ru, uk");
        HttpResponse<String> created = post(port, Json.string(Map.of("format", "slack", "url", slack.url(), "locale", "be")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(Json.read(created.body(), JsonNode.class).path("locale").asText()).isEqualTo("be");

        Alert bialiatski = Fixtures.bialiatski();
        Topics.send(SharedBroker.bootstrapServers(), topics.alerts(), List.of(Topics.record(topics.alerts(), bialiatski.country(),
                new String(Json.bytes(bialiatski), StandardCharsets.UTF_8))));
        await().atMost(Duration.ofSeconds(40)).until(() -> !slack.accepted().isEmpty());
        JsonNode message = slack.accepted().get(0).json();
        assertThat(message.path("text").asText()).isEqualTo("[КРЫТЫЧНА] Ales Bialiatski: вызваленне з-пад варты (Беларусь), "
                + "краіна прыбыцця: Літва · BY · 13 снежня 2025, 08:00 UTC");
        assertThat(message).as("the Belarusian golden file of the alert")
                .isEqualTo(Json.MAPPER.readTree(java.nio.file.Files.readString(
                        java.nio.file.Path.of("src/test/resources/channels/slack/watchlist_release.be.json"))));
    }
}

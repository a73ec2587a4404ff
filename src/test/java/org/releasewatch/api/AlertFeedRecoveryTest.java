package org.releasewatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.releasewatch.ReleasewatchService;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Severity;
import org.releasewatch.testing.Http;
import org.releasewatch.testing.SampleAlerts;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live alert feed does not end on a failure: with the alerts topic missing, reading fails; /health
 * shows the feed DOWN with the reason, and once the topic exists the feed reads again and SSE clients get alerts.
 */
class AlertFeedRecoveryTest {

    private static final String BOOTSTRAP = SharedBroker.bootstrapServers();

    private static JsonNode feedHealth(int port) {
        return Json.read(Http.get(port, "/health").body(), JsonNode.class).path("details").path("alertFeed");
    }

    @Test
    void aFailingFeedIsShownInHealthAndReadsAgainOnceItCan() {
        TopicsConfig topics = TestService.uniqueTopics();
        Map<String, Object> props = new HashMap<>(TestService.properties(topics, TestService.tempDir()));
        props.put("releasewatch.topics.create", false); // the alerts topic does not exist yet
        // nor do the rules' topics: their stream threads fail and are replaced meanwhile (uncaught, as Kafka Streams
        // rethrows after replacing), which is not what this test is about
        // the subscriptions topic must exist for a start (the service waits for it); only the alerts topic is missing
        Topics.create(BOOTSTRAP, 3, String.valueOf(props.get("releasewatch.topics.subscriptions")));
        try (ReleasewatchService service = TestService.start(props)) {
            int port = service.httpPort();
            await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode feed = feedHealth(port);
                assertThat(feed.path("status").asText()).isEqualTo("DOWN");
                assertThat(feed.path("details").path("reason").asText()).isNotEmpty();
                assertThat(feed.path("details").path("restarts").asLong()).isPositive();
            });

            Topics.create(BOOTSTRAP, 3, topics.alerts());
            await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(60)).until(() -> feedHealth(port).path("status").asText().equals("UP"));

            List<String> received = new CopyOnWriteArrayList<>();
            CompletableFuture<HttpResponse<Stream<String>>> stream = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/alerts/stream")).build(),
                    HttpResponse.BodyHandlers.ofLines());
            stream.thenAccept(r -> r.body().forEach(received::add));
            try {
                await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(20)).until(() -> received.stream().anyMatch(l -> l.contains("ready")));
                Alert alert = SampleAlerts.alert(Topics.unique("after-recovery"), AlertRule.WATCHLIST_RELEASE, Severity.CRITICAL, "BY");
                Topics.send(BOOTSTRAP, topics.alerts(), List.of(SampleAlerts.record(topics.alerts(), alert)));
                await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(20)).until(() -> received.stream().anyMatch(l -> l.contains(alert.id())));
            } finally {
                stream.thenAccept(r -> r.body().close());
                stream.cancel(true);
            }
        }
    }
}

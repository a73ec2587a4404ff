package org.releasewatch.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasewatch.ReleasewatchService;
import org.releasewatch.broker.EmbeddedKafkaBroker;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.testing.TestService;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code /health} tells the truth about the broker: 503 with the reason while it is down, 200 once back. */
class HealthDuringBrokerOutageTest {

    @TempDir
    Path dir;

    @Test
    void healthIs503WithTheReasonWhileTheBrokerIsDownAnd200AfterItReturns() throws Exception {
        int port = EmbeddedKafkaBroker.freePort();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(port, dir.resolve("kafka"));
        TopicsConfig topics = TestService.uniqueTopics();
        Map<String, Object> props = new HashMap<>(TestService.properties(topics, dir.resolve("service")));
        props.put("kafka.bootstrap.servers", broker.bootstrapServers());
        try (ReleasewatchService service = TestService.start(props)) {
            HttpClient http = HttpClient.newHttpClient();
            URI health = URI.create("http://localhost:" + service.httpPort() + "/health");
            AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> status(http, health, last) == 200);

            broker.close();
            await().atMost(Duration.ofSeconds(60)).until(() -> status(http, health, last) == 503);
            assertThat(last.get().body()).contains("\"kafka\"", "is unreachable", "DOWN");

            broker = EmbeddedKafkaBroker.start(port, dir.resolve("kafka"));
            await().atMost(Duration.ofSeconds(90)).until(() -> status(http, health, last) == 200);
        } finally {
            broker.close();
        }
    }

    private static int status(HttpClient http, URI uri, AtomicReference<HttpResponse<String>> last) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        last.set(response);
        return response.statusCode();
    }
}

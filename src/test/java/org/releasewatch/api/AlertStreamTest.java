package org.releasewatch.api;

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
import org.releasewatch.testing.SampleAlerts;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code /api/alerts/stream}: Server-Sent Events of new alerts, and what a reconnecting client missed. */
class AlertStreamTest {

    private static final String BOOTSTRAP = SharedBroker.bootstrapServers();
    private static TopicsConfig topics;
    private static ReleasewatchService service;

    @BeforeAll
    static void start() {
        topics = TestService.uniqueTopics();
        service = TestService.start(TestService.properties(topics, TestService.tempDir()));
        await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(service.httpPort(), "/health").statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    /** A client of the event stream, collecting alert ids and when they arrived. */
    static final class Client implements AutoCloseable {
        final List<String> ids = new CopyOnWriteArrayList<>();
        final List<String> events = new CopyOnWriteArrayList<>();
        final Map<String, Long> arrivedNanos = new ConcurrentHashMap<>();
        private final CompletableFuture<HttpResponse<Stream<String>>> response;

        Client(String lastEventId) {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                    URI.create("http://localhost:" + service.httpPort() + "/api/alerts/stream"));
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            response = HttpClient.newHttpClient().sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
            String[] event = {""};
            response.thenAccept(r -> r.body().forEach(line -> {
                if (line.startsWith("event:")) {
                    event[0] = line.substring(6).trim();
                    events.add(event[0]);
                } else if (line.startsWith("data:") && event[0].equals("alert")) {
                    String id = Json.read(line.substring(5).trim(), Alert.class).id();
                    arrivedNanos.put(id, System.nanoTime());
                    ids.add(id);
                }
            }));
        }

        @Override
        public void close() {
            response.thenAccept(r -> r.body().close());
            response.cancel(true);
        }
    }

    private static Alert publish() {
        Alert alert = SampleAlerts.alert(Topics.unique("sse"), AlertRule.WATCHLIST_RELEASE, Severity.CRITICAL, "BY");
        Topics.send(BOOTSTRAP, topics.alerts(), List.of(SampleAlerts.record(topics.alerts(), alert)));
        return alert;
    }

    @Test
    void aNewAlertReachesAConnectedClientWithinASecondAndAReconnectGetsWhatItMissed() {
        Alert first;
        long sent;
        try (Client client = new Client(null)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> client.events.contains("ready"));
            sent = System.nanoTime();
            first = publish();
            await().atMost(Duration.ofSeconds(10)).until(() -> client.ids.contains(first.id()));
            long millis = (client.arrivedNanos.get(first.id()) - sent) / 1_000_000;
            // a figure, not an assertion: latency targets belong to the benchmark, not to a test on a shared machine
            System.out.printf("SSE: alert on the topic -> client in %d ms%n", millis);
        }
        // disconnected: two alerts happen, and the history store gets them
        Alert missedOne = publish();
        Alert missedTwo = publish();
        await().atMost(Duration.ofSeconds(30)).until(() -> Http.get(service.httpPort(), "/api/alerts/" + missedTwo.id()).statusCode() == 200
                && Http.get(service.httpPort(), "/api/alerts/" + first.id()).statusCode() == 200);

        try (Client reconnected = new Client(first.id())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> reconnected.ids.containsAll(List.of(missedOne.id(), missedTwo.id())));
            assertThat(reconnected.ids).doesNotContain(first.id()).doesNotHaveDuplicates();
        }
    }
}

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
    private static final int MAX_STREAMS = 3;
    private static TopicsConfig topics;
    private static ReleasewatchService service;

    @BeforeAll
    static void start() {
        topics = TestService.uniqueTopics();
        java.util.Map<String, Object> props = new java.util.HashMap<>(TestService.properties(topics, TestService.tempDir()));
        props.put("releasewatch.api.streams.max", MAX_STREAMS);
        service = TestService.start(props);
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
    void aNewAlertReachesAConnectedClientAndAReconnectGetsWhatItMissed() {
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

    @Test
    void anUnknownLastEventIdGetsAGapEventInsteadOfAReplayFromTheBeginning() {
        Alert earlier = publish();
        await().atMost(Duration.ofSeconds(30)).until(() -> Http.get(service.httpPort(), "/api/alerts/" + earlier.id()).statusCode() == 200);
        try (Client client = new Client("no-such-alert-id")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> client.events.contains("gap"));
            Alert later = publish();
            await().atMost(Duration.ofSeconds(10)).until(() -> client.ids.contains(later.id()));
            assertThat(client.ids).doesNotContain(earlier.id());
        }
    }

    @Test
    void aReconnectAfterMoreThanAThousandMissedAlertsGetsThemAllOldestFirst() {
        Alert seen = publish();
        List<Alert> missed = new java.util.ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            missed.add(SampleAlerts.alert(Topics.unique("many") + "-" + i, AlertRule.SANCTIONS_CHANGE, Severity.INFO, "IR"));
        }
        Topics.send(BOOTSTRAP, topics.alerts(), missed.stream().map(a -> SampleAlerts.record(topics.alerts(), a)).toList());
        await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(service.httpPort(), "/api/alerts/" + missed.get(1199).id()).statusCode() == 200
                && Http.get(service.httpPort(), "/api/alerts/" + seen.id()).statusCode() == 200);
        try (Client reconnected = new Client(seen.id())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> reconnected.ids.size() >= 1200);
            assertThat(reconnected.ids).containsAll(missed.stream().map(Alert::id).toList()).doesNotContain(seen.id())
                    .doesNotHaveDuplicates();
            assertThat(reconnected.events).doesNotContain("gap");
        }
    }

    @Test
    void streamsBeyondTheConfiguredMaximumGet429WithRetryAfter() {
        List<Client> open = new java.util.ArrayList<>();
        try {
            // slots of earlier tests' closed clients are given back when their connections close
            await().atMost(Duration.ofSeconds(20)).until(() -> openUntil(open, MAX_STREAMS));
            HttpResponse<String> refused = Http.get(service.httpPort(), "/api/alerts/stream");
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("retry-after")).contains("5");
            assertThat(refused.body()).contains("releasewatch.api.streams.max");
            Client closed = open.stream().filter(c -> c.events.contains("ready")).findFirst().orElseThrow();
            open.remove(closed);
            closed.close();
            await().atMost(Duration.ofSeconds(20)).until(() -> openUntil(open, MAX_STREAMS));
        } finally {
            open.forEach(Client::close);
        }
    }

    /** Opens one more stream unless {@code ready} of them are already open; true once they are. */
    private static boolean openUntil(List<Client> open, int ready) {
        long now = open.stream().filter(c -> c.events.contains("ready")).count();
        if (now < ready) {
            open.add(new Client(null));
        }
        return now == ready;
    }
}

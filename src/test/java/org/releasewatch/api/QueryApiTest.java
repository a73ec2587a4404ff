package org.releasewatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.releasewatch.ReleasewatchService;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.testing.Http;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.Story;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The query API of a running service on a real broker, after the 13 December 2025 story. */
class QueryApiTest {

    private static final String BOOTSTRAP = SharedBroker.bootstrapServers();
    private static TopicsConfig topics;
    private static ReleasewatchService service;
    private static int port;

    @BeforeAll
    static void story() {
        topics = TestService.uniqueTopics();
        service = TestService.start(TestService.properties(topics, TestService.tempDir()));
        port = service.httpPort();
        Story.feedWatchlist(BOOTSTRAP, topics);
        Story.awaitWatchlist(service);
        Story.feedReleasesAndRelief(BOOTSTRAP, topics);
        await().atMost(Duration.ofSeconds(60)).until(() -> alerts("/api/alerts").size() == 6);
        // and one report much later than the grace: it changes no alert, but it is counted as late
        Topics.send(BOOTSTRAP, topics.releases(), List.of(Topics.record(topics.releases(), "late",
                "{\"eventId\":\"late-1\",\"occurredAt\":\"2025-12-01T10:00:00Z\",\"country\":\"BY\","
                        + "\"person\":{\"id\":\"viasna:999\",\"name\":\"Late report\"}}")));
        await().atMost(Duration.ofSeconds(30)).until(() -> Http.get(port, "/prometheus").body()
                .contains("releasewatch_releases_late_not_counted_total{country=\"BY\"} 1.0"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static List<JsonNode> alerts(String pathAndQuery) {
        HttpResponse<String> response = Http.get(port, pathAndQuery);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        Json.read(response.body(), JsonNode.class).get("alerts").forEach(out::add);
        return out;
    }

    @Test
    void recentAlertsComeNewestFirstExactlyAsOnTheTopicWithTheirAckAndSilenceMarks() {
        List<JsonNode> alerts = alerts("/api/alerts");
        List<String> emitted = alerts.stream().map(a -> a.get("emittedAt").asText()).toList();
        assertThat(emitted).isSortedAccordingTo((a, b) -> java.time.Instant.parse(b).compareTo(java.time.Instant.parse(a)));
        List<String> onTopic = Topics.values(Topics.readCommitted(BOOTSTRAP, topics.alerts()));
        assertThat(alerts).allSatisfy(a -> {
            assertThat(a.get("ack").isNull()).as("nobody acknowledged it").isTrue();
            assertThat(a.get("silenced").isNull()).as("no silence matched it").isTrue();
            com.fasterxml.jackson.databind.node.ObjectNode asOnTopic = a.deepCopy();
            asOnTopic.remove(List.of("ack", "silenced"));
            assertThat(onTopic).contains(Json.string(asOnTopic));
        });
    }

    @Test
    void alertsCanBeFilteredByCountryRuleSeverityTimeAndCounted() {
        assertThat(alerts("/api/alerts?rule=MASS_RELEASE")).hasSize(2);
        assertThat(alerts("/api/alerts?severity=critical")).extracting(a -> a.get("severity").asText()).containsOnly("critical").hasSize(3);
        assertThat(alerts("/api/alerts?country=by")).hasSize(6);
        assertThat(alerts("/api/alerts?country=UA")).isEmpty();
        assertThat(alerts("/api/alerts?limit=2")).hasSize(2);
        assertThat(alerts("/api/alerts?since=2100-01-01T00:00:00Z")).isEmpty();
    }

    @Test
    void oneAlertByItsIdOr404() {
        Alert first = Json.read(Topics.values(Topics.readCommitted(BOOTSTRAP, topics.alerts())).get(0), Alert.class);
        HttpResponse<String> found = Http.get(port, "/api/alerts/" + first.id());
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(Json.read(found.body(), Alert.class)).isEqualTo(first);

        HttpResponse<String> missing = Http.get(port, "/api/alerts/no-such-alert");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(Json.read(missing.body(), JsonNode.class).get("detail").asText()).isEqualTo("no alert with id no-such-alert");
    }

    @Test
    void aCountrysReleasesOnADayComeFromTheMassReleaseState() {
        HttpResponse<String> response = Http.get(port, "/api/countries/by/releases?date=2025-12-13");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode day = Json.read(response.body(), JsonNode.class);
        assertThat(day.get("country").asText()).isEqualTo("BY");
        assertThat(day.get("count").asInt()).isEqualTo(123);
        assertThat(day.get("byDestination").toString()).isEqualTo("{\"LT\":9,\"UA\":114}");
        assertThat(day.get("windowStart").asText()).isEqualTo("2025-12-13T00:00:00Z");

        JsonNode before = Json.read(Http.get(port, "/api/countries/BY/releases?date=2025-12-12").body(), JsonNode.class);
        assertThat(before.get("count").asInt()).isZero();
    }

    @Test
    void aDayOlderThanTheHistoryKeepsIsGoneNamingTheRetentionNotAZero() {
        // Belarus's clock is the story's last release, 13 Dec 2025; the history keeps 400 days behind it
        HttpResponse<String> response = Http.get(port, "/api/countries/BY/releases?date=2024-11-01");
        assertThat(response.statusCode()).isEqualTo(410);
        JsonNode problem = Json.read(response.body(), JsonNode.class);
        assertThat(problem.get("status").asInt()).isEqualTo(410);
        assertThat(problem.get("parameter").asText()).isEqualTo("date");
        assertThat(problem.get("detail").asText()).contains("releasewatch.history.retention", "400 days");
        assertThat(Http.get(port, "/api/countries/BY/releases?date=2024-11-15").statusCode()).as("within 400 days").isEqualTo(200);
    }

    @Test
    void linksShowTheReliefAndTheReleasesItIsLinkedTo() {
        JsonNode links = Json.read(Http.get(port, "/api/links?country=BY").body(), JsonNode.class).get("links");
        assertThat(links).hasSize(1);
        assertThat(links.get(0).get("fired").asBoolean()).isTrue();
        assertThat(links.get(0).get("confidence").asText()).isEqualTo("high");
        assertThat(links.get(0).get("releaseCount").asInt()).isEqualTo(123);
        assertThat(links.get(0).get("sanction").get("target").get("id").asText()).isEqualTo("ofac:belaruskali");
        assertThat(Json.read(Http.get(port, "/api/links?country=VE").body(), JsonNode.class).get("links")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "/api/alerts?country=Belarus|country|country: \"Belarus\" is not an ISO 3166-1 alpha-2 code (two letters, e.g. \"BY\")",
            "/api/alerts?rule=PRISON_BREAK|rule|rule: \"PRISON_BREAK\" is not one of WATCHLIST_RELEASE, MASS_RELEASE, SANCTIONS_CHANGE, LINKED_RELIEF",
            "/api/alerts?severity=urgent|severity|severity: \"urgent\" is not one of info, warning, critical",
            "/api/alerts?since=yesterday|since|since: \"yesterday\" is not an ISO-8601 instant with an offset (e.g. \"2025-12-13T00:00:00Z\")",
            "/api/alerts?limit=0|limit|limit: \"0\" is not a whole number from 1 to 1000",
            "/api/alerts?limit=1001|limit|limit: \"1001\" is not a whole number from 1 to 1000",
            "/api/alerts?limit=ten|limit|limit: \"ten\" is not a whole number from 1 to 1000",
            "/api/countries/BLR/releases?date=2025-12-13|country|country: \"BLR\" is not an ISO 3166-1 alpha-2 code (two letters, e.g. \"BY\")",
            "/api/countries/BY/releases?date=13.12.2025|date|date: \"13.12.2025\" is not a date (YYYY-MM-DD)",
            "/api/countries/BY/releases|date|date: is required (YYYY-MM-DD)",
            "/api/links?country=X1|country|country: \"X1\" is not an ISO 3166-1 alpha-2 code (two letters, e.g. \"BY\")"})
    void aBadParameterIsA400NamingIt(String pathAndQuery, String parameter, String detail) {
        HttpResponse<String> response = Http.get(port, pathAndQuery);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = Json.read(response.body(), JsonNode.class);
        assertThat(problem.get("parameter").asText()).isEqualTo(parameter);
        assertThat(problem.get("detail").asText()).isEqualTo(detail);
        assertThat(problem.get("status").asInt()).isEqualTo(400);
    }

    @Test
    void theRulesAreListedInOrderWithWhatRaisesEach() {
        HttpResponse<String> response = Http.get(port, "/api/rules");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode rules = Json.read(response.body(), JsonNode.class).path("rules");
        assertThat(rules.findValuesAsText("rule")).containsExactly("WATCHLIST_RELEASE", "MASS_RELEASE", "SANCTIONS_CHANGE", "LINKED_RELIEF");
        assertThat(rules.get(0).path("description").asText())
                .isEqualTo("A person on the watchlist was reported released. Critical for high-priority persons, warning otherwise.");
    }

    @Test
    void theOpenApiDocumentDescribesEveryEndpoint() {
        HttpResponse<String> doc = Http.get(port, "/openapi/releasewatch-1.yml");
        assertThat(doc.statusCode()).isEqualTo(200);
        assertThat(doc.body()).contains("openapi: 3.", "/api/alerts:", "/api/alerts/{id}:", "/api/alerts/stream:",
                "/api/countries/{code}/releases:", "/api/links:", "/api/alerts/{id}/ack:", "/api/silences:",
                "/api/silences/{id}:", "/api/countries/{code}/days:", "/api/rules:", "name: acknowledged", "name: silenced", "name: q")
                .doesNotContain("name: local");
    }

    @Test
    void prometheusHasTheAlertLatencyAndKafkaStreamsMetricsAndTheTopicNoInternalHeader() {
        String metrics = Http.get(port, "/prometheus").body();
        double latencySamples = metrics.lines().filter(l -> l.startsWith("releasewatch_alert_latency_seconds_count"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        assertThat(latencySamples).as("alerts triggered by ingested events were measured").isGreaterThanOrEqualTo(5);
        assertThat(metrics).contains("releasewatch_alert_latency_seconds_count", "releasewatch_alerts_emitted_total{rule=\"MASS_RELEASE\"",
                "releasewatch_events_in_total", "kafka_stream_thread_");
        assertThat(Topics.readCommitted(BOOTSTRAP, topics.alerts()))
                .allSatisfy(r -> assertThat(r.headers().lastHeader("releasewatch.ingested-at")).isNull());
    }

    @Test
    void everyMetricTheGrafanaBoardQueriesExistsOnPrometheus() throws Exception {
        String board = java.nio.file.Files.readString(java.nio.file.Path.of("deploy/grafana/releasewatch.json"));
        JsonNode panels = Json.read(board, JsonNode.class).get("panels");
        assertThat(panels).isNotEmpty();
        java.util.Set<String> metrics = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b(releasewatch_[a-z_]+|kafka_[a-z_]+)").matcher(board);
        while (m.find()) {
            metrics.add(m.group(1));
        }
        assertThat(metrics).hasSizeGreaterThan(5);
        String exposed = Http.get(port, "/prometheus").body();
        for (String metric : metrics) {
            if (!metric.startsWith("releasewatch_webhook")) { // this service has no webhook subscription
                assertThat(exposed).as(metric).containsPattern("(?m)^" + metric + "[{ ]");
            }
        }
    }
}

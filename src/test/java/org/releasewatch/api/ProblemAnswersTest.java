package org.releasewatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.releasewatch.ReleasewatchService;
import org.releasewatch.json.Json;
import org.releasewatch.testing.Http;
import org.releasewatch.testing.TestService;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every error of the API, whichever controller or layer finds it, is one kind of answer: {@code application/problem+json}
 * (RFC 9457) with {@code type}, {@code title}, {@code status}, {@code detail}, and {@code parameter} naming a bad field.
 */
class ProblemAnswersTest {

    private static final String TOKEN = "problem-operator-token";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static ReleasewatchService service;

    @BeforeAll
    static void start() {
        Map<String, Object> props = new HashMap<>(TestService.properties(TestService.uniqueTopics(), TestService.tempDir()));
        props.put("releasewatch.api.operators", List.of(Map.of("name", "alice", "token", TOKEN)));
        // small bounds, so that a request beyond one is short enough to read in the table below
        props.put("releasewatch.ops.matcher-values-max", 2);
        props.put("releasewatch.ops.comment-max", 20);
        service = TestService.start(props);
        await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(service.httpPort(), "/health").statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void anUnknownApiRouteIsA404Problem() {
        HttpResponse<String> r = send("GET", "/api/no-such-thing", null);
        JsonNode problem = problem(r, 404);
        assertThat(problem.path("detail").asText()).contains("/api/no-such-thing");
    }

    @Test
    void aMethodTheRouteDoesNotTakeIsA405Problem() {
        problem(send("PUT", "/api/alerts", "{}"), 405);
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3} naming {4}")
    @CsvSource(delimiter = '|', value = {
            "POST | /api/silences                        | {not json                  | 400 | body",
            "POST | /api/silences                        | [1, 2]                     | 400 | body",
            "POST | /api/alerts/x/ack                    | {\"note\": 5}              | 400 | note",
            "POST | /api/alerts/x/ack                    | {\"notes\": \"typo\"}      | 400 | notes",
            "POST | /api/alerts/x/ack                    | {\"note\": \"x\"            | 400 | body",
            "POST | /api/subscriptions/sub_nope/replay   | {}                         | 400 | since",
            "POST | /api/subscriptions/sub_nope/replay   | {\"since\": 5}             | 400 | since",
            "POST | /api/subscriptions/sub_nope/replay   | {\"since\": \"yesterday\"} | 400 | since",
            "POST | /api/subscriptions                   | {\"url\": [}               | 400 | body",
            "PUT  | /api/watchlist/viasna:1              | nope                       | 400 | body",
            "POST | /api/silences                        | {\"comment\": [}           | 400 | body",
            "POST | /api/subscriptions                   | {\"url\": 5}               | 400 | url",
            "POST | /api/subscriptions                   | {\"rules\": [5]}           | 400 | rules",
            "POST | /api/subscriptions                   | {\"countrys\": [\"BY\"]}   | 400 | countrys",
            "PATCH | /api/subscriptions/sub_nope         | {\"description\": 5}       | 400 | description",
            "PATCH | /api/subscriptions/sub_nope         | {\"to\": {}}               | 400 | to",
            "POST | /api/silences                        | {\"matchers\": {\"rules\": \"MASS_RELEASE\"}, \"endsAt\": \"2999-01-01T00:00:00Z\", \"comment\": \"c\"} | 400 | matchers.rules",
            "POST | /api/silences                        | {\"matchers\": {\"countries\": [\"BY\", 5]}, \"endsAt\": \"2999-01-01T00:00:00Z\", \"comment\": \"c\"} | 400 | matchers.countries",
            "POST | /api/silences                        | {\"matchers\": {\"countries\": [\"BY\"]}, \"comment\": \"c\"} | 400 | endsAt",
            "POST | /api/silences                        | {\"endsAt\": \"2999-01-01T00:00:00Z\", \"comment\": \"c\"} | 400 | matchers",
            "POST | /api/silences                        | {\"matchers\": {\"countries\": [\"BY\"]}, \"endsAt\": \"2999-01-01T00:00:00Z\"} | 400 | comment",
            "POST | /api/silences                        | {\"matchers\": {\"countries\": [\"BY\"]}, \"endsAt\": \"2999-01-01T00:00:00Z\", \"comment\": 5} | 400 | comment",
            "POST | /api/silences                        | {\"matchers\": {\"countries\": [\"BY\"]}, \"endsAt\": 5, \"comment\": \"c\"} | 400 | endsAt",
            "POST | /api/silences                        | {\"matchers\": {\"countrys\": [\"BY\"]}, \"endsAt\": \"2999-01-01T00:00:00Z\", \"comment\": \"c\"} | 400 | matchers.countrys",
            "POST | /api/silences                        | {\"matchers\": {\"countries\": [\"BY\", \"RU\", \"LT\"]}, \"endsAt\": \"2999-01-01T00:00:00Z\", \"comment\": \"c\"} | 400 | matchers.countries",
            "POST | /api/silences                        | {\"matchers\": {\"countries\": [\"BY\"]}, \"endsAt\": \"2999-01-01T00:00:00Z\", \"comment\": \"twenty-one characters\"} | 400 | comment",
    })
    void aBadBodyIsA400ProblemNamingTheField(String method, String path, String body, int status, String field) {
        JsonNode problem = problem(send(method, path, body), status);
        assertThat(problem.path("parameter").asText()).as(problem.toString()).isEqualTo(field);
        assertThat(problem.path("detail").asText()).as("the detail names the field").startsWith(field + ": ");
    }

    @Test
    void aBoundFromTheConfigurationNamesItsSetting() {
        JsonNode tooMany = problem(send("POST", "/api/silences", "{\"matchers\": {\"countries\": [\"BY\", \"RU\", \"LT\"]},"
                + " \"endsAt\": \"2999-01-01T00:00:00Z\", \"comment\": \"c\"}"), 400);
        assertThat(tooMany.path("detail").asText()).contains("releasewatch.ops.matcher-values-max").contains("2");
        JsonNode tooLong = problem(send("POST", "/api/silences", "{\"matchers\": {\"countries\": [\"BY\"]},"
                + " \"endsAt\": \"2999-01-01T00:00:00Z\", \"comment\": \"twenty-one characters\"}"), 400);
        assertThat(tooLong.path("detail").asText()).contains("releasewatch.ops.comment-max").contains("20");
    }

    @Test
    void aWatchlistFieldOfTheWrongTypeIsA422ProblemNamingItInFieldAndAnUnknownOneIsLeftOut() {
        JsonNode problem = problem(send("PUT", "/api/watchlist/viasna:1", "{\"name\": 5}"), 422);
        assertThat(problem.path("field").asText()).as(problem.toString()).isEqualTo("name");
        assertThat(problem.path("detail").asText()).startsWith("name: ");
        HttpResponse<String> unknown = send("PUT", "/api/watchlist/viasna:1", "{\"name\": \"A\", \"nmae\": \"B\"}");
        assertThat(unknown.statusCode()).as("a field the schema does not know is left out, as the ingest leaves it out: "
                + unknown.body()).isIn(200, 201, 202);
        assertThat(unknown.body()).doesNotContain("nmae");
        JsonNode other = problem(send("PUT", "/api/watchlist/viasna:1", "{\"personId\": \"viasna:2\", \"name\": \"A\"}"), 422);
        assertThat(other.path("field").asText()).as(other.toString()).isEqualTo("personId");
    }

    @Test
    void anUnknownSubscriptionIsA404Problem() {
        assertThat(problem(send("GET", "/api/subscriptions/sub_nope", null), 404).path("detail").asText()).contains("sub_nope");
    }

    private static JsonNode problem(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).as(r.body()).startsWith("application/problem+json");
        JsonNode problem = Json.read(r.body(), JsonNode.class);
        assertThat(problem.path("type").asText()).isEqualTo("about:blank");
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
        return problem;
    }

    private static HttpResponse<String> send(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + service.httpPort() + path))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

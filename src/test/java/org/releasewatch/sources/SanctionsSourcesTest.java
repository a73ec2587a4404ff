package org.releasewatch.sources;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.releasewatch.ReleasewatchService;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.SanctionAction;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.testing.Http;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.Story;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The OFAC SDN list followed by a running service on the real broker, served by a local publisher: the baseline
 * writes nothing; Belaruskali's removal is a LIFTED SanctionEvent for Belarus that becomes a SANCTIONS_CHANGE and,
 * with a release from Belarus that week, a LINKED_RELIEF alert; a 304 writes nothing; a truncated download writes
 * nothing and is shown with its reason; a download that drops most of the list is refused until an operator accepts it.
 */
class SanctionsSourcesTest {

    private static final String BOOTSTRAP = SharedBroker.bootstrapServers();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TopicsConfig topics;
    private static ListServer publisher;
    private static ReleasewatchService service;

    @BeforeAll
    static void start() {
        publisher = new ListServer();
        publisher.serve(Fixtures.text("sdn.xml"), "baseline");
        topics = TestService.uniqueTopics();
        Map<String, Object> properties = TestService.properties(topics, TestService.tempDir());
        properties.put("releasewatch.topics.source-snapshots", topics.releases() + ".source-snapshots");
        properties.put("releasewatch.topics.source-coordination", topics.releases() + ".source-coordination");
        properties.put("releasewatch.api.operators", java.util.List.of(Map.of("name", OPERATOR, "token", OPERATOR_TOKEN)));
        properties.put("releasewatch.sources.sanctions-lists[0].format", "ofac-sdn-xml");
        properties.put("releasewatch.sources.sanctions-lists[0].url", publisher.url("/ofac/sdn.xml"));
        // the publisher is a plain-HTTP server on loopback
        properties.put("releasewatch.sources.sanctions-lists[0].allow-http", "true");
        properties.put("releasewatch.sources.sanctions-lists[0].interval", "1s");
        service = TestService.start(properties);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        publisher.close();
    }

    @Test
    void followsTheSdnListFromBaselineToRelief() throws Exception {
        // baseline: the snapshot, no event
        await().atMost(Duration.ofSeconds(60)).until(() -> "baseline".equals(list().path("lastOutcome").asText(null))
                || list().path("lastSuccess").isTextual());
        assertThat(list().path("entries").asInt()).isEqualTo(14);
        assertThat(list().path("etag").asText()).isEqualTo("\"baseline\"");
        assertThat(list().path("publishedAt").asText()).isEqualTo("2025-12-10T00:00:00Z");
        assertThat(list().path("fetchedHere").asBoolean()).isTrue();
        assertThat(sanctions()).as("the first fetch is a baseline").isEmpty();

        // a release from Belarus the same week, then Belaruskali delisted in the next publication
        Topics.send(BOOTSTRAP, topics.releases(), List.of(Topics.record(topics.releases(), "r1", """
                {"eventId":"rel-by-1","occurredAt":"2025-12-13T10:00:00Z","country":"BY","transferredTo":"LT",
                 "person":{"id":"viasna:1","name":"Ales Bialiatski"}}""")));
        publisher.serve(Fixtures.sdnWithout("36001", "12/12/2025"), "belaruskali-removed");

        await().atMost(Duration.ofSeconds(60)).until(() -> sanctions().size() == 1);
        SanctionEvent lifted = sanctions().get(0);
        assertThat(lifted.action()).isEqualTo(SanctionAction.LIFTED);
        assertThat(lifted.issuer()).isEqualTo("US");
        assertThat(lifted.targetCountry()).isEqualTo("BY");
        assertThat(lifted.target().id()).isEqualTo("ofac-sdn-xml:36001");
        assertThat(lifted.target().name()).isEqualTo("OPEN JOINT STOCK COMPANY BELARUSKALI");
        assertThat(lifted.program()).isEqualTo("BELARUS-EO14038");
        assertThat(lifted.occurredAt()).isEqualTo(Instant.parse("2025-12-12T00:00:00Z"));
        assertThat(lifted.source().url()).isEqualTo(publisher.url("/ofac/sdn.xml"));

        await().atMost(Duration.ofSeconds(60)).until(() -> alertRules().containsAll(List.of(AlertRule.SANCTIONS_CHANGE, AlertRule.LINKED_RELIEF)));
        List<Alert> alerts = Story.alerts(BOOTSTRAP, topics.alerts());
        Alert relief = alerts.stream().filter(a -> a.rule() == AlertRule.LINKED_RELIEF).findFirst().orElseThrow();
        assertThat(relief.country()).isEqualTo("BY");
        assertThat(relief.details().path("sanction").path("eventId").asText()).isEqualTo(lifted.eventId());
        assertThat(alerts.stream().filter(a -> a.rule() == AlertRule.SANCTIONS_CHANGE).findFirst().orElseThrow().country()).isEqualTo("BY");
        assertThat(list().path("lastChange").isTextual()).isTrue();
        assertThat(list().path("entries").asInt()).isEqualTo(13);

        // the same publication again: 304, nothing written
        int before = publisher.requests().size();
        await().atMost(Duration.ofSeconds(30)).until(() -> publisher.requests().stream().skip(before)
                .filter(r -> r.status() == 304 && "\"belaruskali-removed\"".equals(r.ifNoneMatch())).count() >= 2);
        assertThat(list().path("lastOutcome").asText()).isEqualTo("not-modified");
        assertThat(sanctions()).hasSize(1);

        // a truncated download: nothing written, the reason shown, the old snapshot kept
        String changed = Fixtures.sdnWithout("36001", "12/12/2025");
        publisher.serve(changed.substring(0, changed.length() / 2), "truncated");
        await().atMost(Duration.ofSeconds(30)).until(() -> list().path("lastError").path("reason").asText("").contains("truncated"));
        assertThat(list().path("lastError").path("reason").asText()).startsWith(
                "the download is not a complete ofac-sdn-xml list (truncated or malformed): not a complete XML document at line");
        assertThat(list().path("state").asText()).isEqualTo("failing");
        assertThat(list().path("entries").asInt()).as("the old snapshot").isEqualTo(13);
        JsonNode health = Json.MAPPER.readTree(Http.get(service.httpPort(), "/health").body());
        assertThat(health.path("details").path("sources").path("details").path("ofac-sdn-xml").path("lastError").path("reason").asText())
                .contains("truncated");
        assertThat(Http.metric(service.httpPort(), "releasewatch_sources_failing", l -> l.contains("ofac-sdn-xml"))).isEqualTo(1.0);
        assertThat(sanctions()).hasSize(1);

        // most of the list gone: refused, shown, then accepted by an operator
        String shrunk = Fixtures.text("sdn.xml");
        for (String uid : List.of("36001", "36002", "36003", "36004", "36005", "36006", "36007", "36008", "36009", "36010")) {
            shrunk = without(shrunk, uid);
        }
        publisher.serve(shrunk.replace("<Record_Count>14</Record_Count>", "<Record_Count>4</Record_Count>")
                .replace("12/10/2025", "12/14/2025"), "shrunk");
        await().atMost(Duration.ofSeconds(30)).until(() -> list().path("refused").isObject());
        assertThat(list().path("refused").path("entries").asInt()).isEqualTo(4);
        assertThat(list().path("refused").path("previousEntries").asInt()).isEqualTo(13);
        assertThat(list().path("lastError").path("reason").asText()).startsWith("the list shrank from 13 to 4 entries");
        assertThat(sanctions()).hasSize(1);

        HttpResponse<String> accepted = post("/api/sources/ofac-sdn-xml/accept");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(Json.MAPPER.readTree(accepted.body()).path("acceptedBy").asText()).isEqualTo(OPERATOR);
        // 9 entries removed (36002-36010): one LIFTED each, two for 36007 (no country programme, addresses in LB and SY)
        await().atMost(Duration.ofSeconds(30)).until(() -> sanctions().size() == 1 + 10);
        assertThat(sanctions().stream().filter(e -> e.target().id().equals("ofac-sdn-xml:36007")))
                .extracting(SanctionEvent::targetCountry).containsExactlyInAnyOrder("LB", "SY");
        assertThat(sanctions()).extracting(SanctionEvent::action).containsOnly(SanctionAction.LIFTED);
        assertThat(sanctions()).extracting(SanctionEvent::eventId).doesNotHaveDuplicates();
        assertThat(list().path("refused").isNull()).isTrue();
        assertThat(list().path("state").asText()).isEqualTo("ok");
        assertThat(post("/api/sources/ofac-sdn-xml/accept").statusCode()).as("nothing left to accept").isEqualTo(409);
        assertThat(post("/api/sources/no-such-list/accept").statusCode()).isEqualTo(404);
    }

    private static String without(String xml, String uid) {
        int at = xml.indexOf("<uid>" + uid + "</uid>");
        int start = xml.lastIndexOf("<sdnEntry>", at);
        int end = xml.indexOf("</sdnEntry>", at) + "</sdnEntry>".length();
        return xml.substring(0, start) + xml.substring(end);
    }

    private static JsonNode list() throws Exception {
        HttpResponse<String> response = Http.get(service.httpPort(), "/api/sources");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body()).path("lists").path(0);
    }

    private static List<SanctionEvent> sanctions() {
        return Topics.readCommitted(BOOTSTRAP, topics.sanctions()).stream()
                .map(ConsumerRecord::value).map(v -> Json.read(v, SanctionEvent.class)).toList();
    }

    private static List<AlertRule> alertRules() {
        return Story.alerts(BOOTSTRAP, topics.alerts()).stream().map(Alert::rule).toList();
    }

    private static final String OPERATOR = "sources-test-operator";
    private static final String OPERATOR_TOKEN = "sources-test-operator-token";

    private static HttpResponse<String> post(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + service.httpPort() + path))
                .header("Authorization", "Bearer " + OPERATOR_TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}

package org.releasewatch.api;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.io.SyndFeedInput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.releasewatch.ReleasewatchService;
import org.releasewatch.cap.CapSchema;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.MsgType;
import org.releasewatch.rules.MessageIds;
import org.releasewatch.testing.SampleAlerts;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.Story;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;
import org.w3c.dom.Document;

import java.io.StringReader;
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
 * CAP 1.2 and Atom of a running service on a real broker: the 13 December story's alerts and a hand-made update
 * and cancel of its LINKED_RELIEF thread; every CAP document validates, the feed reads back with ROME and each
 * entry's CAP link answers.
 */
class CapAndAtomEndpointsTest {

    private static final String BOOTSTRAP = SharedBroker.bootstrapServers();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static ReleasewatchService service;
    private static int port;
    private static Alert first;
    private static Alert update;
    private static Alert cancel;

    @BeforeAll
    static void story() {
        TopicsConfig topics = TestService.uniqueTopics();
        Map<String, Object> properties = TestService.properties(topics, TestService.tempDir());
        properties.put("releasewatch.public-url", "http://localhost:" + properties.get("micronaut.server.port"));
        service = TestService.start(properties);
        port = service.httpPort();
        Story.feedWatchlist(BOOTSTRAP, topics);
        Story.awaitWatchlist(service);
        Story.feedReleasesAndRelief(BOOTSTRAP, topics);
        await().atMost(Duration.ofSeconds(90)).until(() -> Story.alerts(BOOTSTRAP, topics.alerts()).size() == 6);
        first = Story.alerts(BOOTSTRAP, topics.alerts()).stream().filter(a -> a.rule().name().equals("LINKED_RELIEF"))
                .findFirst().orElseThrow();
        update = first.inThread(MsgType.UPDATE, MessageIds.of(first.id(), "final:124"), first.id(), List.of(first.id()),
                "124 releases, was 123").withEmittedAt(Instant.now());
        cancel = first.inThread(MsgType.CANCEL, MessageIds.of(first.id(), "retracted:ofac-1"), first.id(),
                List.of(first.id(), update.id()), "report withdrawn by its source").withEmittedAt(Instant.now().plusMillis(1));
        Topics.send(BOOTSTRAP, topics.alerts(), List.of(SampleAlerts.record(topics.alerts(), update),
                SampleAlerts.record(topics.alerts(), cancel)));
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/api/alerts/" + cancel.id(), "application/json").statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    static HttpResponse<String> get(String path, String accept) {
        return get(URI.create("http://localhost:" + port + path), accept);
    }

    static HttpResponse<String> get(URI uri, String accept) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(uri).header("Accept", accept).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Document cap(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/cap+xml"));
        return CapSchema.valid(response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void everyMessageAnswersAsValidCapByAcceptAndBySuffixAndJsonStaysTheDefault() {
        List<Alert> all = new java.util.ArrayList<>();
        Json.read(get("/api/alerts?limit=100", "application/json").body(), com.fasterxml.jackson.databind.JsonNode.class)
                .get("alerts").forEach(a -> all.add(Json.read(get("/api/alerts/" + a.get("id").asText(), "application/json")
                        .body(), Alert.class)));
        assertThat(all).hasSize(8);
        for (Alert a : all) {
            HttpResponse<String> negotiated = get("/api/alerts/" + a.id(), "application/cap+xml");
            Document doc = cap(negotiated);
            assertThat(CapSchema.text(doc, "identifier")).isEqualTo(a.id());
            assertThat(get("/api/alerts/" + a.id() + ".cap", "*/*").body()).isEqualTo(negotiated.body());
        }
        HttpResponse<String> json = get("/api/alerts/" + first.id(), "application/json");
        assertThat(json.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(Json.read(json.body(), Alert.class)).isEqualTo(first);
        assertThat(get("/api/alerts/no-such-alert.cap", "*/*").statusCode()).isEqualTo(404);
    }

    @Test
    void theCancelReferencesTheThreadWithTheTimesItsMessagesWereSent() {
        Document doc = cap(get("/api/alerts/" + cancel.id() + ".cap", "*/*"));
        String sender = "releasewatch@localhost";
        assertThat(CapSchema.text(doc, "msgType")).isEqualTo("Cancel");
        assertThat(CapSchema.text(doc, "references")).isEqualTo(sender + "," + first.id() + "," + capTime(first.emittedAt())
                + " " + sender + "," + update.id() + "," + capTime(update.emittedAt()));
        assertThat(CapSchema.text(doc, "certainty")).isEqualTo(
                first.details().path("confidence").asText().equals("high") ? "Observed" : "Likely");
        assertThat(CapSchema.text(doc, "areaDesc")).isEqualTo("Belarus");
    }

    private static String capTime(Instant at) {
        return at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).atOffset(java.time.ZoneOffset.UTC)
                .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx"));
    }

    @Test
    void theAtomFeedParsesWithRomeAndEachEntrysCapLinkAnswers() throws Exception {
        HttpResponse<String> response = get("/feeds/alerts.atom", "application/atom+xml");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/atom+xml"));
        SyndFeed feed = new SyndFeedInput().build(new StringReader(response.body()));
        assertThat(feed.getFeedType()).isEqualTo("atom_1.0");
        assertThat(feed.getEntries()).hasSize(8);
        assertThat(feed.getEntries().get(0).getTitle()).startsWith("Withdrawn: ");
        assertThat(feed.getEntries().get(1).getTitle()).startsWith("Update: ");
        for (SyndEntry entry : feed.getEntries()) {
            SyndLink capLink = entry.getLinks().stream().filter(l -> "application/cap+xml".equals(l.getType())).findFirst().orElseThrow();
            SyndLink page = entry.getLinks().stream().filter(l -> "text/html".equals(l.getType())).findFirst().orElseThrow();
            Document doc = cap(get(URI.create(capLink.getHref()), "*/*"));
            assertThat(page.getHref()).isEqualTo(CapSchema.text(doc, "web"));
            assertThat(get(URI.create(page.getHref()), "text/html").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theFeedFiltersByCountryRuleAndMinimumSeverity() throws Exception {
        assertThat(entries("/feeds/alerts.atom?rule=LINKED_RELIEF")).hasSize(3);
        assertThat(entries("/feeds/alerts.atom?country=ua")).isEmpty();
        assertThat(entries("/feeds/alerts.atom?country=BY")).hasSize(8);
        List<SyndEntry> critical = entries("/feeds/alerts.atom?minSeverity=critical");
        assertThat(critical).isNotEmpty().allSatisfy(e -> assertThat(e.getCategories())
                .anySatisfy(c -> assertThat(c.getName()).isEqualTo("critical")));
        assertThat(critical.size()).isLessThan(8);
        assertThat(get("/feeds/alerts.atom?minSeverity=loud", "*/*").statusCode()).isEqualTo(400);
    }

    private static List<SyndEntry> entries(String path) throws Exception {
        HttpResponse<String> response = get(path, "application/atom+xml");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new SyndFeedInput().build(new StringReader(response.body())).getEntries();
    }
}

package org.releasewatch.sources;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.releasewatch.ReleasewatchService;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Priority;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.WatchlistEntry;
import org.releasewatch.rules.AlertTopology;
import org.releasewatch.testing.Http;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.Story;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Contract v1.2 "Prisoner rosters as a release source", through the running service on the real broker, the rosters
 * served by a loopback publisher: a 5 000-row CSV baseline writes nothing; 123 persons leaving in one version are
 * 123 inferred releases sent in one transaction (the fetch's commit seam sees all 123 ids at once), which reach the rules as any release does (MASS_RELEASE 10
 * and 100, WATCHLIST_RELEASE for the watched one); one coming back is the retraction of their release; the same
 * roster re-published in Windows-1251 with semicolons, then with a UTF-8 BOM and tabs, reads the same persons; a
 * truncated file is refused with its reason at {@code /api/sources}, {@code /health} and in the metrics. A second
 * roster, JSON lines with no country column, is held at a 30 % shrink until an operator accepts it.
 */
class RosterSourcesTest {

    private static final String BOOTSTRAP = SharedBroker.bootstrapServers();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Charset CP1251 = Charset.forName("windows-1251");
    private static final String OPERATOR = "roster-test-operator";
    private static final String OPERATOR_TOKEN = "roster-test-operator-token";
    private static final int WATCHED = 7;
    private static TopicsConfig topics;
    private static ListServer publisher;
    private static ListServer smallPublisher;
    private static ReleasewatchService service;

    @BeforeAll
    static void start() {
        publisher = new ListServer();
        publisher.serve(Rosters.csv(Rosters.ids(5000), ','), "v1");
        smallPublisher = new ListServer();
        smallPublisher.serve(Rosters.jsonLines(Rosters.ids(100)), "small-1");
        topics = TestService.uniqueTopics();
        Map<String, Object> p = TestService.properties(topics, TestService.tempDir());
        p.put("releasewatch.topics.source-snapshots", topics.releases() + ".source-snapshots");
        p.put("releasewatch.topics.source-coordination", topics.releases() + ".source-coordination");
        p.put("releasewatch.api.operators", List.of(Map.of("name", OPERATOR, "token", OPERATOR_TOKEN)));
        p.put("releasewatch.sources.prisoner-rosters[0].name", "viasna");
        p.put("releasewatch.sources.prisoner-rosters[0].url", publisher.url("/viasna/roster.csv"));
        p.put("releasewatch.sources.prisoner-rosters[0].public-url", "https://prisoners.example.org/");
        p.put("releasewatch.sources.prisoner-rosters[0].format", "csv");
        p.put("releasewatch.sources.prisoner-rosters[0].columns.id", "id");
        p.put("releasewatch.sources.prisoner-rosters[0].columns.name", "ФИО");
        p.put("releasewatch.sources.prisoner-rosters[0].columns.country", "country");
        p.put("releasewatch.sources.prisoner-rosters[0].columns.status", "status");
        p.put("releasewatch.sources.prisoner-rosters[0].released-statuses", List.of("вызвалены"));
        p.put("releasewatch.sources.prisoner-rosters[0].encoding", "windows-1251");
        p.put("releasewatch.sources.prisoner-rosters[0].interval", "1s");
        p.put("releasewatch.sources.prisoner-rosters[0].allow-http", "true"); // a plain-HTTP publisher on loopback
        p.put("releasewatch.sources.prisoner-rosters[1].name", "small");
        p.put("releasewatch.sources.prisoner-rosters[1].url", smallPublisher.url("/small.jsonl"));
        p.put("releasewatch.sources.prisoner-rosters[1].format", "json-lines");
        p.put("releasewatch.sources.prisoner-rosters[1].columns.id", "pid");
        p.put("releasewatch.sources.prisoner-rosters[1].columns.name", "fullName");
        p.put("releasewatch.sources.prisoner-rosters[1].country", "ru");
        p.put("releasewatch.sources.prisoner-rosters[1].interval", "1s");
        p.put("releasewatch.sources.prisoner-rosters[1].allow-http", "true");
        service = TestService.start(p);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        publisher.close();
        smallPublisher.close();
    }

    @Test
    void rosterVersionsBecomeInferredReleasesAndTheirRetraction() throws Exception {
        // the baseline, then (interval 1 s) "not-modified" fetches: whichever is seen, the snapshot is there
        await().atMost(Duration.ofSeconds(120)).until(() -> roster("viasna").path("lastSuccess").isTextual());
        assertThat(roster("viasna").path("entries").asInt()).isEqualTo(5000);
        assertThat(roster("viasna").path("kind").asText()).isEqualTo("prisoner-roster");
        assertThat(roster("viasna").path("format").asText()).isEqualTo("csv");
        assertThat(releases()).as("the first fetch is a baseline").isEmpty();
        Topics.send(BOOTSTRAP, topics.watchlist(), List.of(Topics.record(topics.watchlist(), "viasna:" + WATCHED,
                Json.string(new WatchlistEntry("viasna:" + WATCHED, Rosters.name(WATCHED), Priority.HIGH, null)))));
        KafkaStreams streams = service.context().getBean(KafkaStreams.class);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> streams.store(StoreQueryParameters.fromNameAndType(
                AlertTopology.WATCHLIST_STORE, QueryableStoreTypes.<String, WatchlistEntry>keyValueStore())).get("viasna:" + WATCHED) != null);

        // 123 persons leave in one version
        TreeSet<Integer> held = Rosters.ids(5000);
        held.removeAll(Rosters.ids(123));
        // the ids each transaction of the roster had sent when it committed
        List<List<String>> transactions = new CopyOnWriteArrayList<>();
        service.context().getBean(SanctionsSources.class).runner("viasna").beforeCommit(ids -> {
            if (!ids.isEmpty()) {
                transactions.add(ids);
            }
        });
        publisher.serve(Rosters.csv(held, ','), "v2");
        await().atMost(Duration.ofSeconds(90)).until(() -> releases().size() >= 123);
        assertThat(transactions).as("one transaction held all 123").hasSize(1);
        assertThat(transactions.get(0)).hasSize(123);
        List<ReleaseEvent> released = releases();
        assertThat(released).hasSize(123).extracting(ReleaseEvent::eventId).containsExactlyInAnyOrderElementsOf(transactions.get(0));
        assertThat(released).allSatisfy(e -> {
            assertThat(e.inferred()).isTrue();
            assertThat(e.retracted()).isFalse();
            assertThat(e.country()).isEqualTo("BY");
            assertThat(e.source().name()).isEqualTo("viasna");
            assertThat(e.source().url()).isEqualTo("https://prisoners.example.org/");
            assertThat(e.eventId()).isEqualTo(e.person().id() + ":1");
        });
        assertThat(released).extracting(e -> e.person().id()).doesNotHaveDuplicates()
                .containsAll(Rosters.ids(123).stream().map(i -> "viasna:" + i).toList());
        ReleaseEvent watched = released.stream().filter(e -> e.person().id().equals("viasna:" + WATCHED)).findFirst().orElseThrow();
        assertThat(watched.person().name()).isEqualTo(Rosters.name(WATCHED));
        assertThat(released).extracting(ReleaseEvent::occurredAt).containsOnly(watched.occurredAt());
        assertThat(roster("viasna").path("lastChangeEvents").asInt()).isEqualTo(123);
        assertThat(Http.metric(service.httpPort(), "releasewatch_sources_events_total", l -> l.contains("viasna") && l.contains("RELEASED")))
                .isEqualTo(123.0);

        // the rules see them as any release: MASS_RELEASE 10 and 100, WATCHLIST_RELEASE for the watched one
        await().atMost(Duration.ofSeconds(90)).until(() -> massReleaseThresholds().containsAll(List.of(10, 100))
                && alerts().stream().anyMatch(a -> a.rule() == AlertRule.WATCHLIST_RELEASE));
        Alert watchlist = alerts().stream().filter(a -> a.rule() == AlertRule.WATCHLIST_RELEASE).findFirst().orElseThrow();
        assertThat(watchlist.evidence().eventIds()).containsExactly(watched.eventId());
        assertThat(watchlist.details().path("inferred").asBoolean()).as("the dashboard marks it").isTrue();

        // the watched person is back on the roster: the retraction of that inferred release
        held.add(WATCHED);
        publisher.serve(Rosters.csv(held, ','), "v3");
        await().atMost(Duration.ofSeconds(60)).until(() -> releases().size() == 124);
        List<ReleaseEvent> retractions = releases().stream().filter(ReleaseEvent::retracted).toList();
        assertThat(retractions).hasSize(1);
        ReleaseEvent retraction = retractions.get(0);
        assertThat(retraction.inferred()).isTrue();
        assertThat(retraction.eventId()).isEqualTo(watched.eventId());
        assertThat(retraction.person()).isEqualTo(watched.person());
        assertThat(retraction.occurredAt()).isEqualTo(watched.occurredAt());
        assertThat(retraction.retractionNote()).isEqualTo("back on the roster viasna as held in its version 2");
        // and the rules withdraw what it made (contract v1.2 step 4): the watched person's alert gets its cancel
        await().atMost(Duration.ofSeconds(60)).until(() -> alerts().stream().anyMatch(a ->
                a.msgType() == org.releasewatch.model.MsgType.CANCEL && watchlist.id().equals(a.thread())));
        Alert cancel = alerts().stream().filter(a -> a.msgType() == org.releasewatch.model.MsgType.CANCEL
                && watchlist.id().equals(a.thread())).findFirst().orElseThrow();
        assertThat(cancel.references()).containsExactly(watchlist.id());
        assertThat(cancel.change()).contains("back on the roster viasna");

        // the same roster in Windows-1251 with semicolons, one more person (a quoted name) gone
        held.remove(140);
        publisher.serve(Rosters.csv(held, ';', CP1251, false), "v4-cp1251");
        await().atMost(Duration.ofSeconds(60)).until(() -> releases().size() == 125);
        assertThat(person(140).person().name()).isEqualTo(Rosters.name(140)).isEqualTo("Бяляцкі, Алесь \"140\"");
        // and in UTF-8 with a BOM and tabs
        held.remove(141);
        publisher.serve(Rosters.csv(held, '\t', StandardCharsets.UTF_8, true), "v5-bom");
        await().atMost(Duration.ofSeconds(60)).until(() -> releases().size() == 126);
        assertThat(person(141).person().name()).isEqualTo("Асоба Нумар 141");
        assertThat(person(141).eventId()).isEqualTo("viasna:141:4");
        assertThat(roster("viasna").path("entries").asInt()).isEqualTo(held.size());

        // a truncated file: refused whole, never "everyone after the cut was released"
        String whole = Rosters.csv(held, ',');
        String cut = whole.substring(0, whole.indexOf("\"Бяляцкі, Алесь \"\"2002") + 12);
        publisher.serve(cut, "v6-truncated");
        await().atMost(Duration.ofSeconds(60)).until(() -> roster("viasna").path("lastError").path("reason").isTextual());
        assertThat(roster("viasna").path("lastError").path("reason").asText()).isEqualTo("the download is not a complete csv "
                + "list (truncated or malformed): the file ends inside the quoted field that starts on line "
                + (held.headSet(2002).size() + 2) + " (truncated?); no events written, the old snapshot kept");
        assertThat(roster("viasna").path("state").asText()).isEqualTo("failing");
        JsonNode health = Json.MAPPER.readTree(Http.get(service.httpPort(), "/health").body());
        assertThat(health.path("details").path("sources").path("details").path("viasna").path("lastError").path("reason").asText())
                .contains("the file ends inside the quoted field");
        assertThat(Http.metric(service.httpPort(), "releasewatch_sources_failing", l -> l.contains("viasna"))).isEqualTo(1.0);
        assertThat(releases()).hasSize(126);
        assertThat(roster("viasna").path("entries").asInt()).as("the old snapshot").isEqualTo(held.size());
    }

    @Test
    void aShrinkOfThirtyPercentIsHeldUntilAnOperatorAcceptsIt() throws Exception {
        await().atMost(Duration.ofSeconds(120)).until(() -> roster("small").path("lastSuccess").isTextual());
        assertThat(roster("small").path("entries").asInt()).isEqualTo(100);
        assertThat(roster("small").path("format").asText()).isEqualTo("json-lines");

        smallPublisher.serve(Rosters.jsonLines(Rosters.ids(70)), "small-2");
        await().atMost(Duration.ofSeconds(60)).until(() -> roster("small").path("refused").isObject());
        assertThat(roster("small").path("refused").path("entries").asInt()).isEqualTo(70);
        assertThat(roster("small").path("refused").path("previousEntries").asInt()).isEqualTo(100);
        assertThat(roster("small").path("lastError").path("reason").asText()).startsWith("the list shrank from 100 to 70 entries");
        assertThat(roster("small").path("state").asText()).isEqualTo("refused");
        assertThat(small()).as("held: nothing written").isEmpty();

        HttpResponse<String> accepted = post("/api/sources/small/accept");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> small().size() == 30);
        assertThat(small()).extracting(e -> e.person().id())
                .containsExactlyInAnyOrderElementsOf(Rosters.ids(100).tailSet(71).stream().map(i -> "small:" + i).toList());
        assertThat(small()).as("no country column: the roster's").extracting(ReleaseEvent::country).containsOnly("RU");
        assertThat(small()).extracting(ReleaseEvent::inferred).containsOnly(true);
        assertThat(roster("small").path("state").asText()).isEqualTo("ok");
        assertThat(roster("small").path("entries").asInt()).isEqualTo(70);
    }

    private static JsonNode roster(String name) throws Exception {
        HttpResponse<String> response = Http.get(service.httpPort(), "/api/sources");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        for (JsonNode l : Json.MAPPER.readTree(response.body()).path("lists")) {
            if (l.path("list").asText().equals(name)) {
                return l;
            }
        }
        throw new AssertionError("no roster '" + name + "' at /api/sources: " + response.body());
    }

    private static List<ReleaseEvent> releases() {
        return Topics.readCommitted(BOOTSTRAP, topics.releases()).stream().map(ConsumerRecord::value)
                .map(v -> Json.read(v, ReleaseEvent.class)).filter(e -> e.person().id().startsWith("viasna:")).toList();
    }

    /** The one release of a person of the viasna roster (the topic's partitions give no order across persons). */
    private static ReleaseEvent person(int id) {
        List<ReleaseEvent> theirs = releases().stream().filter(e -> e.person().id().equals("viasna:" + id)).toList();
        assertThat(theirs).hasSize(1);
        return theirs.get(0);
    }

    private static List<ReleaseEvent> small() {
        return Topics.readCommitted(BOOTSTRAP, topics.releases()).stream().map(ConsumerRecord::value)
                .map(v -> Json.read(v, ReleaseEvent.class)).filter(e -> e.person().id().startsWith("small:")).toList();
    }

    private static List<Alert> alerts() {
        return Story.alerts(BOOTSTRAP, topics.alerts());
    }

    private static List<Integer> massReleaseThresholds() {
        return alerts().stream().filter(a -> a.rule() == AlertRule.MASS_RELEASE).map(a -> a.details().path("threshold").asInt()).toList();
    }

    private static HttpResponse<String> post(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + service.httpPort() + path))
                .header("Authorization", "Bearer " + OPERATOR_TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}

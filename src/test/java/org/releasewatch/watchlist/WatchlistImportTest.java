package org.releasewatch.watchlist;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.releasewatch.ReleasewatchService;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Person;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.Source;
import org.releasewatch.testing.Http;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.Story;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;

import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The watchlist managed over HTTP against the real broker: a human-rights centre's spreadsheet of 1 000 persons
 * imported (refused whole while rows are invalid, then accepted), a release of an imported person alerting, a
 * removed person's release not; a second instance serving the same list; and the timings of a 5 000-row import
 * and of the first page of a 5 000-person list.
 */
class WatchlistImportTest {

    private static final String BOOTSTRAP = SharedBroker.bootstrapServers();

    /** A spreadsheet export: header, then person i (1-based) on line i + 1, awkward names and notes included. */
    static String spreadsheet(int persons, String prefix, Map<Integer, String> rowOverrides) {
        StringBuilder csv = new StringBuilder("\uFEFFpersonId;name;priority;note\r\n");
        for (int i = 1; i <= persons; i++) {
            String row = rowOverrides.getOrDefault(i, String.format("%s:%04d;Aleś Navumčyk %d;%s;\"sentenced to %d years; \"\"extremism\"\"\"",
                    prefix, i, i, i % 10 == 0 ? "high" : "normal", i % 15));
            csv.append(row).append("\r\n");
        }
        return csv.toString();
    }

    @Test
    void aSpreadsheetIsRefusedWholeWhileRowsAreInvalidThenImportedAlertsFollowAndASecondInstanceServesIt() {
        TopicsConfig topics = TestService.uniqueTopics();
        String app = Topics.unique("wl-app");
        Map<String, Object> first = Api.withOperator(TestService.properties(topics, TestService.tempDir()));
        first.put("releasewatch.application-id", app);
        try (ReleasewatchService a = TestService.start(first)) {
            Api api = new Api(a.httpPort());
            await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(a.httpPort(), "/health").statusCode() == 200);

            // three bad rows: a priority nobody knows, a missing name, a person twice
            Map<Integer, String> broken = Map.of(
                    9, "hrc:0009;Ihar Losik;urgent;",
                    499, "hrc:0499;;normal;",
                    799, "hrc:0020;Someone Else;normal;");
            HttpResponse<String> refused = api.post("/api/watchlist/import", "text/csv", spreadsheet(1000, "hrc", broken));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
            JsonNode report = Api.body(refused);
            assertThat(report.get("invalid").get("count").asInt()).isEqualTo(3);
            assertThat(report.get("invalid").get("rows").findValuesAsText("line")).containsExactly("10", "500", "800");
            assertThat(report.get("invalid").get("rows").get(0).get("error").asText()).startsWith("priority:").contains("urgent");
            assertThat(report.get("invalid").get("rows").get(1).get("error").asText()).startsWith("name:");
            assertThat(report.get("invalid").get("rows").get(2).get("error").asText()).contains("hrc:0020").contains("line 21");
            assertThat(report.get("applied").asBoolean()).isFalse();
            assertThat(Topics.readCommitted(BOOTSTRAP, topics.watchlist())).as("nothing written").isEmpty();

            String fixed = spreadsheet(1000, "hrc", Map.of());
            JsonNode preview = Api.body(api.post("/api/watchlist/import?dryRun=true", "text/csv", fixed));
            assertThat(preview.get("added").get("count").asInt()).isEqualTo(1000);
            assertThat(preview.get("applied").asBoolean()).isFalse();
            assertThat(Topics.readCommitted(BOOTSTRAP, topics.watchlist())).as("a dry run writes nothing").isEmpty();

            long started = System.nanoTime();
            HttpResponse<String> imported = api.post("/api/watchlist/import", "text/csv; charset=utf-8", fixed);
            System.out.printf("watchlist: import of 1000 rows took %d ms%n", (System.nanoTime() - started) / 1_000_000);
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
            assertThat(Api.body(imported).get("added").get("count").asInt()).isEqualTo(1000);
            assertThat(Api.body(imported).get("separator").asText()).isEqualTo(";");
            // read-your-writes: the answer came once this instance's view shows the import
            assertThat(api.json("/api/watchlist?limit=1").get("total").asInt()).isEqualTo(1000);
            JsonNode person = api.json("/api/watchlist/hrc:0040");
            assertThat(person.get("name").asText()).isEqualTo("Aleś Navumčyk 40");
            assertThat(person.get("priority").asText()).isEqualTo("high");
            assertThat(person.get("note").asText()).isEqualTo("sentenced to 10 years; \"extremism\"");
            assertThat(person.get("changedBy").asText()).isIn(Api.RECORDED);
            List<ConsumerRecord<byte[], byte[]>> written = Topics.readCommitted(BOOTSTRAP, topics.watchlist());
            assertThat(written).hasSize(1000);
            assertThat(Topics.header(written.get(0), WatchlistHeaders.CHANGED_BY)).isIn(Api.RECORDED);
            assertThat(Instant.parse(Topics.header(written.get(0), WatchlistHeaders.CHANGED_AT))).isBefore(Instant.now());

            // a release of an imported person alerts
            Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(3, ChronoUnit.DAYS).plus(10, ChronoUnit.HOURS);
            release(topics, "hrc:0040", "Aleś Navumčyk 40", day);
            await().atMost(Duration.ofSeconds(60)).until(() -> watchlistAlerts(topics, "hrc:0040").size() == 1);
            assertThat(watchlistAlerts(topics, "hrc:0040").get(0).severity().name()).isEqualTo("CRITICAL");

            // removed: a later release of the person raises nothing, while one of a person still watched does
            assertThat(api.delete("/api/watchlist/hrc:0040").statusCode()).isEqualTo(204);
            assertThat(api.get("/api/watchlist/hrc:0040").statusCode()).isEqualTo(404);
            assertThat(api.delete("/api/watchlist/hrc:0040").statusCode()).isEqualTo(404);
            await().atMost(Duration.ofSeconds(60)).until(() -> rulesCaughtUp(topics, app));
            release(topics, "hrc:0040", "Aleś Navumčyk 40", day.plus(1, ChronoUnit.DAYS));
            release(topics, "hrc:0041", "Aleś Navumčyk 41", day.plus(1, ChronoUnit.DAYS));
            await().atMost(Duration.ofSeconds(60)).until(() -> watchlistAlerts(topics, "hrc:0041").size() == 1
                    && rulesCaughtUp(topics, app));
            assertThat(watchlistAlerts(topics, "hrc:0040")).as("only the alert from before the removal").hasSize(1);

            // a second instance of the application serves the same list, and its writes are seen by the first
            Map<String, Object> second = Api.withOperator(TestService.properties(topics, TestService.tempDir()));
            second.put("releasewatch.application-id", app);
            try (ReleasewatchService b = TestService.start(second)) {
                Api other = new Api(b.httpPort());
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                        .until(() -> other.json("/api/watchlist?limit=1").get("total").asInt() == 999);
                assertThat(other.json("/api/watchlist/hrc:0041")).isEqualTo(api.json("/api/watchlist/hrc:0041"));
                assertThat(other.get("/api/watchlist/hrc:0040").statusCode()).isEqualTo(404);
                assertThat(other.put("/api/watchlist/hrc:2000", "{\"name\":\"Maryna Zolatava\",\"priority\":\"high\"}").statusCode())
                        .isEqualTo(201);
                await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/watchlist/hrc:2000").statusCode() == 200);
                // the export of one instance imported into the other changes nothing
                String exported = other.get("/api/watchlist/export").body();
                JsonNode roundTrip = Api.body(api.post("/api/watchlist/import?dryRun=true&replace=true", "text/csv", exported));
                assertThat(roundTrip.get("unchanged").get("count").asInt()).isEqualTo(1000);
                assertThat(roundTrip.get("added").get("count").asInt() + roundTrip.get("changed").get("count").asInt()
                        + roundTrip.get("removed").get("count").asInt() + roundTrip.get("invalid").get("count").asInt()).isZero();
            }
        }
    }

    @Test
    void fiveThousandRowsImportWithinThirtySecondsAndTheFirstPageWithinThree() {
        TopicsConfig topics = TestService.uniqueTopics();
        try (ReleasewatchService s = TestService.start(Api.withOperator(TestService.properties(topics, TestService.tempDir())))) {
            Api api = new Api(s.httpPort());
            await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(s.httpPort(), "/health").statusCode() == 200);
            String csv = spreadsheet(5000, "big", Map.of());

            long started = System.nanoTime();
            HttpResponse<String> imported = api.post("/api/watchlist/import", "text/csv", csv);
            long importMs = (System.nanoTime() - started) / 1_000_000;
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
            assertThat(Api.body(imported).get("added").get("count").asInt()).isEqualTo(5000);
            started = System.nanoTime();
            JsonNode first = api.json("/api/watchlist");
            long pageMs = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("watchlist: import of 5000 rows took %d ms (server %d ms); first page (100 of 5000) took %d ms;"
                    + " load average %.1f on %d cores%n", importMs, Api.body(imported).get("tookMs").asLong(), pageMs,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
            // ~2 s on an idle 2-core machine; the bound leaves room for a CI machine shared with other builds, and
            // still fails an import that writes or waits per row
            assertThat(importMs).as("a 5 000-row import completes in seconds").isLessThan(30_000);
            assertThat(pageMs).as("the first page of 5 000 persons").isLessThan(3_000);
            assertThat(first.get("entries")).hasSize(100);
            assertThat(first.get("total").asInt()).isEqualTo(5000);

            // paging with the cursor walks the whole list once, sorted by name
            Set<String> seen = new HashSet<>();
            String cursor = null;
            int pages = 0;
            do {
                JsonNode page = api.json("/api/watchlist?limit=1000" + (cursor == null ? "" : "&cursor=" + cursor));
                page.get("entries").forEach(e -> seen.add(e.get("personId").asText()));
                cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
                pages++;
            } while (cursor != null);
            assertThat(seen).hasSize(5000);
            assertThat(pages).isEqualTo(5);

            // search ignores case and accents; the priority filter
            JsonNode found = api.json("/api/watchlist?query=NAVUMCYK%20123");
            assertThat(found.get("entries").findValuesAsText("personId")).contains("big:0123", "big:1230");
            assertThat(found.get("matches").asInt()).isEqualTo(11); // 123, 1230..1239
            assertThat(api.json("/api/watchlist?priority=high&limit=1").get("matches").asInt()).isEqualTo(500);

            // bad parameters name themselves
            assertThat(Api.body(api.get("/api/watchlist?limit=5000")).get("parameter").asText()).isEqualTo("limit");
            assertThat(Api.body(api.get("/api/watchlist?priority=urgent")).get("parameter").asText()).isEqualTo("priority");
            assertThat(Api.body(api.get("/api/watchlist?cursor=nonsense")).get("parameter").asText()).isEqualTo("cursor");
            assertThat(api.get("/api/watchlist?query=" + "x".repeat(300)).statusCode()).isEqualTo(400);

            // one person: create, replace, refuse what the ingest would dead-letter, naming the field
            assertThat(api.put("/api/watchlist/viasna:1", "{\"name\":\"Ales Bialiatski\",\"priority\":\"high\"}").statusCode()).isEqualTo(201);
            HttpResponse<String> replaced = api.put("/api/watchlist/viasna:1",
                    "{\"personId\":\"viasna:1\",\"name\":\"Ales Bialiatski\",\"priority\":\"normal\",\"note\":\"Nobel 2022\"}");
            assertThat(replaced.statusCode()).isEqualTo(200);
            assertThat(Api.body(replaced).get("note").asText()).isEqualTo("Nobel 2022");
            assertThat(api.json("/api/watchlist/viasna:1").get("priority").asText()).isEqualTo("normal");
            assertThat(field(api.put("/api/watchlist/viasna:1", "{\"personId\":\"viasna:2\",\"name\":\"A\"}"))).isEqualTo("personId");
            assertThat(field(api.put("/api/watchlist/viasna:1", "{\"name\":\"A\",\"note\":\"" + "n".repeat(1025) + "\"}"))).isEqualTo("note");
            assertThat(field(api.put("/api/watchlist/viasna:1", "{\"name\":\"" + "n".repeat(257) + "\"}"))).isEqualTo("name");
            assertThat(field(api.put("/api/watchlist/viasna:1", "{\"name\":\"A\",\"priority\":\"urgent\"}"))).isEqualTo("priority");
            assertThat(field(api.put("/api/watchlist/" + "i".repeat(129), "{\"name\":\"A\"}"))).isEqualTo("personId");
            assertThat(api.put("/api/watchlist/viasna:1", "[1]").statusCode()).isEqualTo(400);
            assertThat(api.get("/api/watchlist/nobody").statusCode()).isEqualTo(404);
            assertThat(Api.body(api.get("/api/watchlist/nobody")).get("detail").asText()).contains("nobody");

            // export: CSV that imports back as all unchanged
            HttpResponse<String> export = api.get("/api/watchlist/export");
            assertThat(export.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
            JsonNode again = Api.body(api.post("/api/watchlist/import?dryRun=true", "text/csv", export.body()));
            assertThat(again.get("unchanged").get("count").asInt()).isEqualTo(5001);
            assertThat(again.get("added").get("count").asInt() + again.get("changed").get("count").asInt()).isZero();

            // a partner writing the topic directly: shown with the record's time and no operator; a record the
            // ingest dead-letters changes nothing here either
            try (KafkaProducer<byte[], byte[]> partner = Topics.producer(BOOTSTRAP)) {
                partner.send(Topics.record(topics.watchlist(), "viasna:1", "{\"personId\":\"viasna:1\",\"name\":\"X\",\"priority\":\"urgent\"}"));
                partner.send(Topics.record(topics.watchlist(), "partner:1", "{\"personId\":\"partner:1\",\"name\":\"Mikalai Statkevich\"}"));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/watchlist/partner:1").statusCode() == 200
                    && Http.get(s.httpPort(), "/health").body().contains("\"ignoredRecords\":1"));
            JsonNode fromPartner = api.json("/api/watchlist/partner:1");
            assertThat(fromPartner.get("changedBy").isNull()).isTrue();
            assertThat(fromPartner.get("priority").asText()).isEqualTo("normal");
            assertThat(api.json("/api/watchlist/viasna:1").get("name").asText()).isEqualTo("Ales Bialiatski");

            // JSON lines, partial: the valid line is written, the invalid one reported
            JsonNode partial = Api.body(api.post("/api/watchlist/import?partial=true", "application/x-ndjson",
                    "{\"personId\":\"viasna:3\",\"name\":\"Maria Kalesnikava\"}\n{\"personId\":\"viasna:4\"}\n"));
            assertThat(partial.get("added").get("personIds").get(0).asText()).isEqualTo("viasna:3");
            assertThat(partial.get("invalid").get("rows").get(0).get("line").asInt()).isEqualTo(2);
            assertThat(api.get("/api/watchlist/viasna:3").statusCode()).isEqualTo(200);
        }
    }

    /**
     * The releases so far, and the watchlist the ingest has forwarded, are worked off by the rules. (Not
     * {@link TestService#caughtUp}: the ingest commits an input record's offset + 1, and after a transactional
     * write such as an import the watchlist topic's end lies one further, past the commit marker.)
     */
    private static boolean rulesCaughtUp(TopicsConfig topics, String app) {
        return Topics.caughtUp(BOOTSTRAP, app + "-ingest-releases", topics.releases())
                && Topics.caughtUp(BOOTSTRAP, app, topics.internalEvents(), topics.internalWatchlist(),
                topics.internalReleasesByPerson(), topics.alerts());
    }

    private static String field(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        return Api.body(response).get("field").asText();
    }

    private static void release(TopicsConfig topics, String personId, String name, Instant at) {
        ReleaseEvent release = new ReleaseEvent(Topics.unique("wl-release"), at, "BY", new Person(personId, name, List.of()),
                List.of(), null, null, new Source("Viasna", "https://spring96.org"));
        try (KafkaProducer<byte[], byte[]> producer = Topics.producer(BOOTSTRAP)) {
            producer.send(Topics.record(topics.releases(), release.eventId(), Json.string(release)));
        }
    }

    private static List<Alert> watchlistAlerts(TopicsConfig topics, String personId) {
        return Story.alerts(BOOTSTRAP, topics.alerts()).stream().filter(al -> al.rule() == AlertRule.WATCHLIST_RELEASE)
                .filter(al -> personId.equals(al.details().path("person").path("id").asText())).toList();
    }
}

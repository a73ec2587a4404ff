package org.releasewatch.scaling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasewatch.ReleasewatchService;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Person;
import org.releasewatch.model.Priority;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.SanctionAction;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.model.SanctionTarget;
import org.releasewatch.model.Source;
import org.releasewatch.model.WatchlistEntry;
import org.releasewatch.testing.CaughtUp;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.Story;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract, "Time is per country": changing the partition count of the internal topics changes no alert. The
 * same events go, step by step, through two running services on the real broker whose internal topics have 1
 * and 5 partitions (the input topics have one partition in both, so each country's events reach the rules in
 * the same order in both); once both have caught up, a {@code read_committed} reader sees the same alerts on
 * both alerts topics, id for id and field for field ({@code emittedAt}, the wall clock, aside).
 *
 * <p>The workload is the issue's: releases of fourteen countries in August 2026, then days with eleven
 * releases each of six other countries between January and June 2026 (Iran's on 15 March), reliefs for two of
 * them, and a person of Iran's day added to the watchlist at the end. With one partition every country shares
 * one stream task; with five, the August countries hash to partitions 0, 1 and 3 only, so Iran, Myanmar
 * (partition 2), Venezuela and Cuba (partition 4) share a task with none of them. A clock kept per task rather
 * than per country would judge their days late in one layout and not in the other.
 */
class PartitionLayoutTest {

    private static final String BOOTSTRAP = SharedBroker.bootstrapServers();
    private static final Source MONITOR = new Source("Test monitor", "https://example.org/monitor");
    private static final Instant AUGUST = Instant.parse("2026-08-14T09:00:00Z");
    private static final List<String> AUGUST_COUNTRIES = List.of("KZ", "SA", "TR", "RW", "LA", "BD", "RU", "CN", "TM",
            "UZ", "TH", "NI", "BH", "UG");
    /** Each backfilled country and its day, in the order they are sent. */
    private static final Map<String, Instant> BACKFILLED = backfilled();
    private static final int MASS = 11;

    private final List<ReleasewatchService> services = new ArrayList<>();

    @AfterEach
    void stop() {
        services.forEach(ReleasewatchService::close);
    }

    @Test
    void oneAndFiveInternalPartitionsGiveTheSameAlertsAndEveryBackfilledDayItsMassRelease() {
        Layout one = start(1);
        Layout five = start(5);
        List<Layout> both = List.of(one, five);

        send("watchlist", both, t -> List.of(watch(t, "kz:august-0", Priority.HIGH))); // a watched release "now" in Kazakhstan
        send("August", both, t -> augustReleases(t));
        send("backfill", both, t -> backfill(t));
        send("reliefs", both, t -> List.of(
                sanction(t, "ofac-2026-03-16-ir-petrochemical", "2026-03-16T12:00:00Z", "US", "IR", SanctionAction.LIFTED,
                        "ofac:ir-petrochemical", "ir-exchange-2026"),
                sanction(t, "eu-2026-01-22-ve-oil", "2026-01-22T08:00:00Z", "EU", "VE", SanctionAction.EASED, "eu:ve-oil", null)));
        send("late watch", both, t -> List.of(watch(t, "ir:backfill-4", Priority.NORMAL))); // added after its release
        // nothing more can come: the alerts compared are all there will be
        both.forEach(l -> CaughtUp.await(BOOTSTRAP, l.topics(), l.applicationId(), Duration.ofSeconds(60)));

        Map<String, ObjectNode> byOne = alerts(one);
        Map<String, ObjectNode> byFive = alerts(five);
        assertThat(summaries(byFive)).as("alerts with 5 internal partitions against those with 1")
                .containsExactlyInAnyOrderElementsOf(summaries(byOne));
        assertThat(byFive).as("the same alerts, field for field").isEqualTo(byOne);
        assertThat(byOne.values().stream().filter(a -> a.get("rule").asText().equals(AlertRule.MASS_RELEASE.name()))
                .map(a -> a.get("country").asText()).toList())
                .as("a MASS_RELEASE for each backfilled day").containsAll(BACKFILLED.keySet());
    }

    /** A running service whose topics (but the inputs, one partition each) have {@code partitions} partitions. */
    private Layout start(int partitions) {
        TopicsConfig topics = TestService.uniqueTopics();
        Topics.create(BOOTSTRAP, 1, topics.releases(), topics.sanctions(), topics.watchlist());
        Map<String, Object> properties = TestService.properties(topics, TestService.tempDir());
        properties.put("releasewatch.topics.partitions", partitions);
        ReleasewatchService service = TestService.start(properties);
        services.add(service);
        return new Layout(topics, (String) properties.get("releasewatch.application-id"));
    }

    private record Layout(TopicsConfig topics, String applicationId) {
    }

    /**
     * One step: the same records to both services, then until both have worked them off (lag 0), so that the
     * next step's events come after these in every country's order, in both layouts.
     */
    private static void send(String step, List<Layout> layouts, Function<TopicsConfig, List<ProducerRecord<byte[], byte[]>>> records) {
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = Topics.producer(BOOTSTRAP)) {
            layouts.forEach(l -> records.apply(l.topics()).forEach(producer::send));
            producer.flush();
        }
        layouts.forEach(l -> CaughtUp.await(BOOTSTRAP, l.topics(), l.applicationId(), Duration.ZERO, Duration.ofSeconds(60)));
        System.out.printf("layout test: %s worked off in %d ms%n", step, Duration.ofNanos(System.nanoTime() - start).toMillis());
    }

    private static List<ProducerRecord<byte[], byte[]>> augustReleases(TopicsConfig topics) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (String country : AUGUST_COUNTRIES) {
            int count = country.equals("KZ") ? MASS : 3;
            for (int i = 0; i < count; i++) {
                out.add(release(topics, country, "august", i, AUGUST.plusSeconds(600L * i)));
            }
        }
        return out;
    }

    private static List<ProducerRecord<byte[], byte[]>> backfill(TopicsConfig topics) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        BACKFILLED.forEach((country, day) -> {
            for (int i = 0; i < MASS; i++) {
                out.add(release(topics, country, "backfill", i, day.plusSeconds(900L * i)));
            }
        });
        return out;
    }

    private static Map<String, Instant> backfilled() {
        Map<String, Instant> days = new LinkedHashMap<>();
        days.put("IR", Instant.parse("2026-03-15T07:00:00Z"));
        days.put("VE", Instant.parse("2026-01-20T07:00:00Z"));
        days.put("CU", Instant.parse("2026-02-10T07:00:00Z"));
        days.put("MM", Instant.parse("2026-05-05T07:00:00Z"));
        days.put("BY", Instant.parse("2026-04-02T07:00:00Z"));
        days.put("PK", Instant.parse("2026-06-30T07:00:00Z"));
        return days;
    }

    private static ProducerRecord<byte[], byte[]> release(TopicsConfig topics, String country, String series, int i, Instant at) {
        String person = country.toLowerCase() + ":" + series + "-" + i;
        ReleaseEvent release = new ReleaseEvent(person + "-release", at, country, new Person(person, "Prisoner " + person, List.of()),
                List.of(), i % 3 == 0 ? "LT" : "UA", country.equals("IR") && i % 2 == 0 ? "ir-exchange-2026" : null, MONITOR);
        return Topics.record(topics.releases(), release.eventId(), Json.string(release));
    }

    private static ProducerRecord<byte[], byte[]> sanction(TopicsConfig topics, String id, String at, String issuer, String country,
                                                           SanctionAction action, String target, String agreement) {
        SanctionEvent sanction = new SanctionEvent(id, Instant.parse(at), issuer, country, action,
                new SanctionTarget(target, "Target " + target, "company"), "energy", "PROGRAM-" + country, agreement,
                new Source("Sanctions list", "https://example.org/list"));
        return Topics.record(topics.sanctions(), id, Json.string(sanction));
    }

    private static ProducerRecord<byte[], byte[]> watch(TopicsConfig topics, String personId, Priority priority) {
        WatchlistEntry entry = new WatchlistEntry(personId, "Prisoner " + personId, priority, "layout test");
        return Topics.record(topics.watchlist(), personId, Json.string(entry));
    }

    /** The alerts a read_committed reader sees, by id, without the wall-clock {@code emittedAt}. */
    private static Map<String, ObjectNode> alerts(Layout layout) {
        Map<String, ObjectNode> out = new TreeMap<>();
        for (Alert alert : Story.alerts(BOOTSTRAP, layout.topics().alerts())) {
            ObjectNode tree = Json.MAPPER.valueToTree(alert);
            tree.remove("emittedAt");
            assertThat(out.put(alert.id(), tree)).as("alert %s once", alert.id()).isNull();
        }
        return out;
    }

    private static List<String> summaries(Map<String, ObjectNode> alerts) {
        return alerts.values().stream()
                .map(a -> a.get("rule").asText() + " " + a.get("country").asText() + " \"" + a.get("title").asText() + "\" " + a.get("id").asText())
                .collect(Collectors.toList());
    }
}

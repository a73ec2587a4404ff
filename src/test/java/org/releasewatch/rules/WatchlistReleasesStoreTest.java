package org.releasewatch.rules;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.EventCodec;
import org.releasewatch.model.Person;
import org.releasewatch.model.Priority;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.Source;
import org.releasewatch.testing.Fast;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AlertTopology#WATCHLIST_RECENT_RELEASES_STORE} as {@link KeptReleases} lays it out: what a release costs its
 * changelog, that the changelog alone rebuilds the store, releases too large to hold inline, and the layout before.
 */
@Fast
class WatchlistReleasesStoreTest {

    private static final String STORE = AlertTopology.WATCHLIST_RECENT_RELEASES_STORE;
    private static final List<Source> SOURCES = List.of(new Source("Viasna", "https://spring96.org"),
            new Source("RFE/RL", "https://www.rferl.org"), new Source("Memorial", "https://memopzk.org"));
    private static final Instant START = Instant.parse("2025-11-01T00:00:00Z");

    /** The event ids the store lists, over every person's value. */
    static List<String> keptEventIds(KeyValueStore<Bytes, byte[]> store) {
        List<String> ids = new ArrayList<>();
        try (var it = store.all()) {
            it.forEachRemaining(kv -> {
                byte[] key = kv.key.get();
                if (key.length >= 4 && key.length == 4 + ByteBuffer.wrap(key).getInt()) {
                    PersonReleases.read(kv.value).entries().forEach(e -> ids.add(e.eventId()));
                }
            });
        }
        return ids;
    }

    /**
     * 3 000 releases of 200 persons over 30 days (each person's spanning far more than the 48 h grace), one in ten
     * delivered twice, a tenth of the persons watched, the purge's punctuation every 200 releases.
     */
    @Test
    void aReleaseCostsTheChangelogOneRecordAtMostExpiryNoneAndTheChangelogRebuildsTheStore() {
        try (RulesDriver rules = new RulesDriver()) {
            for (int p = 0; p < 20; p++) {
                rules.watch("p-" + p, "Person " + p, p % 2 == 0 ? Priority.HIGH : Priority.NORMAL);
            }
            rules.changelog(STORE);
            List<KeyValue<Bytes, byte[]>> records = new ArrayList<>();
            int releases = arrivals(rules, () -> records.addAll(rules.changelog(STORE)));
            long tombstones = records.stream().filter(kv -> kv.value == null).count();
            System.out.printf("%s changelog: %d records (%d tombstones) for %d releases: %.3f per release%n",
                    STORE, records.size(), tombstones, releases, (double) records.size() / releases);
            assertThat(watchlistAlerts(rules.alerts())).as("the watched persons' releases still alert").isNotEmpty();
            assertThat(tombstones).as("expiry rewrites a person's value: no tombstone per expired release").isZero();
            assertThat(records.size()).as("a put per release kept (and the one mark of the layout), no more")
                    .isLessThanOrEqualTo(releases + 1);

            Map<Bytes, byte[]> replayed = new TreeMap<>();
            records.forEach(kv -> {
                if (kv.value == null) {
                    replayed.remove(kv.key);
                } else {
                    replayed.put(kv.key, kv.value);
                }
            });
            Map<Bytes, byte[]> held = new TreeMap<>();
            KeyValueStore<Bytes, byte[]> store = rules.store(STORE);
            try (var it = store.all()) {
                it.forEachRemaining(kv -> held.put(kv.key, kv.value));
            }
            assertThat(replayed.keySet()).as("the changelog restores exactly the store's keys").isEqualTo(held.keySet());
            held.forEach((key, value) -> assertThat(Arrays.equals(replayed.get(key), value)).as("value of %s", key).isTrue());
        }
    }

    private static List<Alert> watchlistAlerts(List<Alert> alerts) {
        return alerts.stream().filter(a -> a.rule() == AlertRule.WATCHLIST_RELEASE).toList();
    }

    private static ReleaseEvent large(String eventId, String at) {
        // ~40 KiB of charges: two fit inline within PersonReleases.INLINE_BYTES, a third does not
        return new ReleaseEvent(eventId, Instant.parse(at), "BY", new Person("viasna:1", "Ales Bialiatski", List.of()),
                Collections.nCopies(400, "Article 342 (organisation of actions grossly violating public order) " + eventId),
                "LT", null, SOURCES.get(0));
    }

    @Test
    void aReleaseTooLargeToHoldInlineIsKeptApartStillAlertsAndItsKeyGoesWithItsRetraction() {
        try (RulesDriver rules = new RulesDriver()) {
            ReleaseEvent first = large("r-a", "2025-12-13T08:00:00Z");
            rules.releaseByPerson(large("r-b", "2025-12-13T09:00:00Z"))
                    .releaseByPerson(large("r-c", "2025-12-13T10:00:00Z"))
                    .releaseByPerson(first);
            KeyValueStore<Bytes, byte[]> store = rules.store(STORE);
            Bytes apart = KeptReleases.releaseKey("viasna:1", first.occurredAt().toEpochMilli(), "r-a");
            assertThat(store.get(apart)).as("the day's first, past the inline bytes, under its own key").isNotNull();
            assertThat(store.get(KeptReleases.personKey("viasna:1")).length).isLessThan(PersonReleases.INLINE_BYTES + 1_024);
            assertThat(keptEventIds(store)).containsExactly("r-a", "r-b", "r-c");

            rules.watch("viasna:1", "Ales Bialiatski", Priority.HIGH);
            List<Alert> alerts = watchlistAlerts(rules.alerts());
            assertThat(alerts).extracting(a -> a.evidence().eventIds().get(0)).containsExactly("r-a");
            assertThat(alerts.get(0).details().get("charges").size()).isEqualTo(400);

            rules.releaseByPerson(RetractionsTest.retracted(first));
            assertThat(store.get(apart)).as("retracted: its key is gone with it").isNull();
            assertThat(keptEventIds(store)).containsExactly("r-b", "r-c");
        }
    }

    @Test
    void releasesKeptInTheLayoutBeforeAreFoundByAnAdditionAndOnePassMovesThemIntoTheirPersonsValue() {
        try (RulesDriver rules = new RulesDriver()) {
            KeyValueStore<Bytes, byte[]> store = rules.store(STORE);
            KeyValueStore<String, Long> clocks = rules.store(AlertTopology.CLOCK_STORE);
            // as the layout before wrote them: (person, time, event id) → the release, no value per person
            List<ReleaseEvent> before = List.of(
                    RulesDriver.release("old-1", "2025-12-10T08:00:00Z", "BY", "p-old", null),
                    RulesDriver.release("old-2", "2025-12-13T08:00:00Z", "BY", "p-old", null),
                    RulesDriver.release("old-3", "2025-12-14T08:00:00Z", "BY", "p-old", null),
                    RulesDriver.release("q-1", "2025-12-14T09:00:00Z", "BY", "q-old", null));
            for (ReleaseEvent r : before) {
                store.put(KeptReleases.releaseKey(r.person().id(), r.occurredAt().toEpochMilli(), r.eventId()), EventCodec.write(r));
            }
            clocks.put(RuleClock.PERSON + "p-old", Instant.parse("2025-12-14T08:00:00Z").toEpochMilli());
            clocks.put(RuleClock.PERSON + "q-old", Instant.parse("2025-12-14T09:00:00Z").toEpochMilli());

            rules.watch("p-old", "Person p-old", Priority.HIGH);
            assertThat(watchlistAlerts(rules.alerts())).as("old-1 is past the grace of the person's clock")
                    .extracting(a -> a.evidence().eventIds().get(0)).containsExactly("old-2", "old-3");

            rules.purge();
            assertThat(store.get(KeptReleases.MIGRATED)).as("the pass went over the whole store").isNotNull();
            assertThat(store.get(KeptReleases.personKey("q-old"))).as("q-old's value, written by the pass").isNotNull();
            assertThat(store.get(KeptReleases.releaseKey("p-old", Instant.parse("2025-12-10T08:00:00Z").toEpochMilli(), "old-1")))
                    .as("an expired release of the layout before is deleted").isNull();
            assertThat(keptEventIds(store)).containsExactlyInAnyOrder("old-2", "old-3", "q-1");

            rules.restart().watch("q-old", "Person q-old", Priority.NORMAL);
            assertThat(watchlistAlerts(rules.alerts())).extracting(a -> a.evidence().eventIds().get(0)).containsExactly("q-1");
        }
    }

    /**
     * The workload above, counting what a release costs the person's clock and value together: the records of
     * {@code rules-clock} (which by person alone holds person keys only) and of this store.
     */
    @Test
    void aReleaseCostsItsPersonsClockAndValueOneChangelogRecordTogether() {
        try (RulesDriver rules = new RulesDriver()) {
            for (int p = 0; p < 20; p++) {
                rules.watch("p-" + p, "Person " + p, Priority.HIGH);
            }
            rules.changelog(STORE);
            rules.changelog(AlertTopology.CLOCK_STORE);
            int[] values = {0};
            int[] clocks = {0};
            int releases = arrivals(rules, () -> {
                values[0] += rules.changelog(STORE).size();
                clocks[0] += rules.changelog(AlertTopology.CLOCK_STORE).size();
            });
            System.out.printf("per release: %s %.3f + %s %.3f = %.3f (%d releases)%n", STORE, (double) values[0] / releases,
                    AlertTopology.CLOCK_STORE, (double) clocks[0] / releases, (double) (values[0] + clocks[0]) / releases, releases);
            assertThat(watchlistAlerts(rules.alerts())).as("the watched persons' releases still alert").isNotEmpty();
            assertThat(values[0] + clocks[0]).as("a release's clock rides in its person's value: one record, not two")
                    .isLessThanOrEqualTo(releases + 1);
        }
    }

    @Test
    void aPersonsClockOfAnOlderVersionInRulesClockIsStillTheFloorOfTheirClock() {
        try (RulesDriver rules = new RulesDriver()) {
            KeyValueStore<String, Long> clocks = rules.store(AlertTopology.CLOCK_STORE);
            clocks.put(RuleClock.PERSON + "p-old", Instant.parse("2025-12-14T08:00:00Z").toEpochMilli());
            rules.releaseByPerson(RulesDriver.release("late", "2025-12-12T07:00:00Z", "BY", "p-old", null))
                    .releaseByPerson(RulesDriver.release("kept", "2025-12-13T09:00:00Z", "BY", "p-old", null))
                    .restart()
                    .watch("p-old", "Person p-old", Priority.HIGH);
            assertThat(watchlistAlerts(rules.alerts())).as("late behind the clock an older version kept: not kept")
                    .extracting(a -> a.evidence().eventIds().get(0)).containsExactly("kept");
            rules.releaseByPerson(RulesDriver.release("late-2", "2025-12-12T07:30:00Z", "BY", "p-old", null));
            assertThat(watchlistAlerts(rules.alerts())).as("still late for the watched person").isEmpty();
        }
    }

    /** A value as the version before wrote it (version 1: no clock), from this version's form. */
    private static byte[] withoutClock(byte[] value) {
        byte[] out = new byte[value.length - Long.BYTES];
        out[0] = 1;
        System.arraycopy(value, 1 + Long.BYTES, out, 1, value.length - 1 - Long.BYTES);
        return out;
    }

    @Test
    void aValueOfTheVersionBeforeWithItsClockInRulesClockIsReadWithThatClock() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.releaseByPerson(RulesDriver.release("kept", "2025-12-13T09:00:00Z", "BY", "p-old", null));
            KeyValueStore<Bytes, byte[]> store = rules.store(STORE);
            Bytes key = KeptReleases.personKey("p-old");
            store.put(key, withoutClock(store.get(key)));
            assertThat(PersonReleases.clockOf(store.get(key))).isEqualTo(RuleClock.NEVER);
            KeyValueStore<String, Long> clocks = rules.store(AlertTopology.CLOCK_STORE);
            clocks.put(RuleClock.PERSON + "p-old", Instant.parse("2025-12-14T08:00:00Z").toEpochMilli());
            rules.restart()
                    .releaseByPerson(RulesDriver.release("late", "2025-12-12T07:00:00Z", "BY", "p-old", null))
                    .watch("p-old", "Person p-old", Priority.HIGH);
            assertThat(watchlistAlerts(rules.alerts())).as("the value's release, and not the one late by the clock before")
                    .extracting(a -> a.evidence().eventIds().get(0)).containsExactly("kept");
            rules.releaseByPerson(RulesDriver.release("next", "2025-12-14T10:00:00Z", "BY", "p-old", null));
            assertThat(PersonReleases.clockOf(rules.<Bytes, byte[]>store(STORE).get(key))).as("rewritten in this version's form, with the clock")
                    .isEqualTo(Instant.parse("2025-12-14T10:00:00Z").toEpochMilli());
        }
    }

    @Test
    void aRetractionThatLeavesAPersonNothingKeepsTheirClock() {
        try (RulesDriver rules = new RulesDriver()) {
            ReleaseEvent only = RulesDriver.release("only", "2025-12-14T08:00:00Z", "BY", "p-1", null);
            rules.releaseByPerson(only).releaseByPerson(RetractionsTest.retracted(only)).restart()
                    .releaseByPerson(RulesDriver.release("late", "2025-12-12T07:00:00Z", "BY", "p-1", null))
                    .watch("p-1", "Person p-1", Priority.HIGH);
            assertThat(watchlistAlerts(rules.alerts())).as("late behind the clock of the withdrawn release").isEmpty();
        }
    }

    @Test
    void aReleaseBeyondItsDaysKeptStillMovesItsPersonsClock() {
        try (RulesDriver rules = new RulesDriver()) {
            Instant day = Instant.parse("2025-12-14T00:00:00Z");
            for (int i = 0; i < WatchlistReleaseRule.MAX_KEPT_PER_DAY; i++) {
                rules.releaseByPerson(RulesDriver.release("d-" + i, day.plusSeconds(60L * i).toString(), "BY", "p-1", null));
            }
            // not kept (the day's first are), yet the person's latest release: 49 h after the next one
            rules.releaseByPerson(RulesDriver.release("beyond", "2025-12-14T23:00:00Z", "BY", "p-1", null))
                    .restart()
                    .releaseByPerson(RulesDriver.release("late", "2025-12-12T22:00:00Z", "BY", "p-1", null))
                    .watch("p-1", "Person p-1", Priority.HIGH);
            assertThat(watchlistAlerts(rules.alerts())).as("only the day of the kept ones: 'late' is behind the clock")
                    .extracting(a -> a.evidence().eventIds().get(0)).containsExactly("d-0");
        }
    }

    /**
     * 3 000 arrivals at {@code rules}: releases of 200 persons over 30 days, one in ten a release delivered again, the
     * purge's punctuation every 200; {@code afterEach} runs after each. Returns how many releases were new.
     */
    private static int arrivals(RulesDriver rules, Runnable afterEach) {
        SplittableRandom random = new SplittableRandom(7);
        Duration step = Duration.ofDays(30).dividedBy(3_000);
        List<ReleaseEvent> sent = new ArrayList<>();
        int releases = 0;
        for (int i = 0; i < 3_000; i++) {
            ReleaseEvent release;
            if (i % 10 == 9) {
                release = sent.get(random.nextInt(sent.size())); // delivered again
            } else {
                String person = "p-" + random.nextInt(200);
                release = new ReleaseEvent("r-" + i, START.plus(step.multipliedBy(i)).plusSeconds(random.nextInt(600)), "BY",
                        new Person(person, "Person " + person, List.of()), List.of("Article 342"), null, null,
                        SOURCES.get(random.nextInt(SOURCES.size())));
                sent.add(release);
                releases++;
            }
            rules.releaseByPerson(release);
            if (i % 200 == 199) {
                rules.purge();
            }
            afterEach.run();
        }
        return releases;
    }

}

package org.releasewatch.rules;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Person;
import org.releasewatch.model.Priority;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.Severity;
import org.releasewatch.model.Source;
import org.releasewatch.testing.Fast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasewatch.rules.RulesDriver.release;

@Fast
class WatchlistReleaseRuleTest {

    private static final ReleaseEvent BIALIATSKI = new ReleaseEvent("viasna-1", Instant.parse("2025-12-13T08:00:00Z"), "BY",
            new Person("viasna:1", "Ales Bialiatski", List.of("nobel-laureate")), List.of("smuggling"), "LT",
            "us-by-2025-12-13", new Source("Viasna", "https://spring96.org"));

    private static List<Alert> watchlist(List<Alert> alerts) {
        return alerts.stream().filter(a -> a.rule() == AlertRule.WATCHLIST_RELEASE).toList();
    }

    @Test
    void aReleaseOfAHighPriorityWatchedPersonIsCritical() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.watch("viasna:1", "Ales Bialiatski", Priority.HIGH).release(BIALIATSKI);

            List<Alert> alerts = watchlist(rules.alerts());
            assertThat(alerts).hasSize(1);
            Alert a = alerts.get(0);
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.country()).isEqualTo("BY");
            assertThat(a.title()).isEqualTo("Ales Bialiatski released from detention in Belarus, transferred to Lithuania");
            assertThat(a.occurredAt()).isEqualTo(BIALIATSKI.occurredAt());
            assertThat(a.emittedAt()).isNotNull();
            assertThat(a.details().get("person").toString())
                    .isEqualTo("{\"id\":\"viasna:1\",\"name\":\"Ales Bialiatski\",\"tags\":[\"nobel-laureate\"]}");
            assertThat(a.details().get("priority").asText()).isEqualTo("high");
            assertThat(a.details().get("transferredTo").asText()).isEqualTo("LT");
            assertThat(a.details().get("charges").toString()).isEqualTo("[\"smuggling\"]");
            assertThat(a.evidence().eventIds()).containsExactly("viasna-1");
            assertThat(a.evidence().sources()).containsExactly(new Source("Viasna", "https://spring96.org"));
        }
    }

    @Test
    void aNormalPriorityPersonIsAWarningAndAMissingDestinationIsNull() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.watch("p-2", "Maria Kalesnikava", Priority.NORMAL)
                    .release(release("e-2", "2025-12-13T09:00:00Z", "BY", "p-2", null));
            Alert a = watchlist(rules.alerts()).get(0);
            assertThat(a.severity()).isEqualTo(Severity.WARNING);
            assertThat(a.details().has("transferredTo")).isTrue();
            assertThat(a.details().get("transferredTo").isNull()).isTrue();
        }
    }

    @Test
    void aPersonNotOnTheWatchlistRaisesNothing() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.watch("viasna:2", "Maria Kalesnikava", Priority.HIGH).release(BIALIATSKI);
            assertThat(watchlist(rules.alerts())).isEmpty();
        }
    }

    @Test
    void aReleaseAfterThePersonWasRemovedRaisesNothing() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.watch("viasna:1", "Ales Bialiatski", Priority.HIGH).unwatch("viasna:1").release(BIALIATSKI);
            assertThat(watchlist(rules.alerts())).isEmpty();
        }
    }

    @Test
    void aPriorityChangeTakesEffectForLaterReleases() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.watch("p-3", "Someone", Priority.NORMAL).release(release("e-a", "2025-12-10T09:00:00Z", "BY", "p-3", null));
            rules.watch("p-3", "Someone", Priority.HIGH).release(release("e-b", "2025-12-13T09:00:00Z", "BY", "p-3", null));
            assertThat(watchlist(rules.alerts())).extracting(Alert::severity).containsExactly(Severity.WARNING, Severity.CRITICAL);
        }
    }

    @Test
    void theSamePersonReleasedTwiceOnOneUtcDayGivesOneAlert() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.watch("viasna:1", "Ales Bialiatski", Priority.HIGH)
                    .release(BIALIATSKI)
                    .release(release("another-report", "2025-12-13T20:00:00Z", "BY", "viasna:1", "LT"))
                    .release(BIALIATSKI);
            assertThat(watchlist(rules.alerts())).hasSize(1);
        }
    }

    @Test
    void aPersonWatchedJustAfterTheirReleaseWasReportedIsStillAlerted() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.release(BIALIATSKI);
            assertThat(watchlist(rules.alerts())).isEmpty();

            rules.watch("viasna:1", "Ales Bialiatski", Priority.HIGH);
            List<Alert> alerts = watchlist(rules.alerts());
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).severity()).isEqualTo(Severity.CRITICAL);
            assertThat(alerts.get(0).occurredAt()).isEqualTo(BIALIATSKI.occurredAt());
        }
    }

    @Test
    void aPersonWatchedAfterTheirOwnReleaseTheGraceLaterIsNotAlertedForTheOlderOne() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.release(BIALIATSKI)
                    .release(release("again", "2025-12-16T08:00:00Z", "BY", "viasna:1", null)) // 72 h later, same person
                    .watch("viasna:1", "Ales Bialiatski", Priority.HIGH);
            assertThat(watchlist(rules.alerts())).extracting(Alert::occurredAt)
                    .containsExactly(Instant.parse("2025-12-16T08:00:00Z"));
        }
    }

    @Test
    void aReleaseRedeliveredAfterItsPersonWasAddedIsNoNewFact() {
        try (RulesDriver once = new RulesDriver(); RulesDriver twice = new RulesDriver()) {
            for (RulesDriver rules : List.of(once, twice)) {
                rules.release(release("again", "2025-12-16T08:00:00Z", "BY", "viasna:1", null))
                        .release(BIALIATSKI) // late for the person: 72 h older than their latest
                        .watch("viasna:1", "Ales Bialiatski", Priority.HIGH);
            }
            twice.release(BIALIATSKI); // the same eventId again, now that the person is watched
            assertThat(watchlist(twice.alerts())).extracting(Alert::id)
                    .isEqualTo(watchlist(once.alerts()).stream().map(Alert::id).toList());
        }
    }

    @Test
    void otherPersonsNewerReleasesDoNotExpireAPersonsRelease() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.release(BIALIATSKI)
                    .release(release("someone-else", "2026-03-16T08:00:00Z", "IR", "p-9", null)) // months later
                    .watch("viasna:1", "Ales Bialiatski", Priority.HIGH);
            assertThat(watchlist(rules.alerts())).extracting(Alert::occurredAt).containsExactly(BIALIATSKI.occurredAt());
        }
    }

    @Test
    void aReleaseTheGraceOlderThanItsPersonsLatestIsLateAndNotAlertedEvenWhenWatched() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.watch("viasna:1", "Ales Bialiatski", Priority.HIGH)
                    .release(release("again", "2025-12-16T08:00:00Z", "BY", "viasna:1", null))
                    .release(BIALIATSKI); // 13 Dec, 72 h older than the person's latest
            assertThat(watchlist(rules.alerts())).extracting(Alert::occurredAt)
                    .containsExactly(Instant.parse("2025-12-16T08:00:00Z"));
        }
    }

    @Test
    void watchingSomeoneAgainDoesNotRepeatTheirAlert() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.watch("viasna:1", "Ales Bialiatski", Priority.HIGH).release(BIALIATSKI)
                    .unwatch("viasna:1").watch("viasna:1", "Ales Bialiatski", Priority.NORMAL);
            assertThat(watchlist(rules.alerts())).hasSize(1);
        }
    }

    @Test
    void aPersonWhoseIdStartsWithAnotherPersonsIdAndTheOldSeparatorIsNotTakenForThem() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.release(release("r-1", "2025-12-13T10:00:00Z", "BY", "viasna:1|x", "LT"));
            rules.watch("viasna:1", "Ales Bialiatski", Priority.HIGH);
            assertThat(rules.alerts()).as("viasna:1 was not released").isEmpty();
        }
    }

    @Test
    void aReleaseWhoseEventIdHasCharactersBeyondTheBasicPlaneIsFoundWhenThePersonIsAddedLater() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.release(release("\uD83D\uDD4A-release-1", "2025-12-13T10:00:00Z", "BY", "viasna:1", "LT"));
            rules.watch("viasna:1", "Ales Bialiatski", Priority.HIGH);
            assertThat(rules.alerts()).singleElement()
                    .satisfies(a -> assertThat(a.evidence().eventIds()).containsExactly("\uD83D\uDD4A-release-1"));
        }
    }

    @Test
    void addedAfterARestartAPersonStillGetsTheirReleaseOfAMomentAgo() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.release(release("r-1", "2025-12-13T10:00:00Z", "BY", "viasna:1", "LT")).restart().purge();
            rules.watch("viasna:1", "Ales Bialiatski", Priority.HIGH);
            assertThat(rules.alerts()).hasSize(1);
        }
    }

    @Test
    void aPersonAddedLaterIsAlertedOncePerDayForTheFirstReleaseOfEachDayWithinTheGrace() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.release(release("r-2", "2025-12-13T20:00:00Z", "BY", "viasna:1", "LT"))
                    .release(release("r-1", "2025-12-13T08:00:00Z", "BY", "viasna:1", "LT"))
                    .release(release("r-3", "2025-12-14T09:00:00Z", "BY", "viasna:1", "LT"))
                    .watch("viasna:1", "Ales Bialiatski", Priority.HIGH);
            assertThat(watchlist(rules.alerts())).extracting(a -> a.evidence().eventIds().get(0))
                    .containsExactly("r-1", "r-3");
        }
    }

    @Test
    void onlyTheFirstTwentyReleasesOfAPersonPerDayAreKeptAndAnAdditionStillFindsEachDaysFirst() {
        try (RulesDriver rules = new RulesDriver()) {
            Instant first = Instant.parse("2025-12-13T08:00:00Z");
            for (int i = 24; i >= 0; i--) { // 25 reports on the 13th, arriving latest first
                rules.release(release("r-13-" + i, first.plus(Duration.ofMinutes(i)).toString(), "BY", "viasna:1", "LT"));
            }
            rules.release(release("r-14", "2025-12-14T09:00:00Z", "BY", "viasna:1", "LT"))
                    .release(release("other", "2025-12-14T09:00:00Z", "BY", "viasna:2", null));

            rules.purge();

            KeyValueStore<Bytes, byte[]> store = rules.store(AlertTopology.WATCHLIST_RECENT_RELEASES_STORE);
            List<String> kept = WatchlistReleasesStoreTest.keptEventIds(store);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < WatchlistReleaseRule.MAX_KEPT_PER_DAY; i++) {
                expected.add("r-13-" + i);
            }
            expected.addAll(List.of("r-14", "other"));
            assertThat(kept).containsExactlyInAnyOrderElementsOf(expected);

            rules.watch("viasna:1", "Ales Bialiatski", Priority.HIGH);
            assertThat(watchlist(rules.alerts())).extracting(a -> a.evidence().eventIds().get(0))
                    .containsExactly("r-13-0", "r-14");
        }
    }

    private static ReleaseEvent reported(String eventId, String at, String source) {
        return new ReleaseEvent(eventId, Instant.parse(at), "BY", BIALIATSKI.person(), List.of(), "LT", null,
                new Source(source, "https://example.org/" + eventId));
    }

    @Test
    void aSecondSourceCorroboratesTheDaysSingleSourceAlertWithOneUpdate() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.watch("viasna:1", "Ales Bialiatski", Priority.HIGH)
                    .release(reported("viasna-1", "2025-12-13T08:00:00Z", "Viasna"));
            List<Alert> first = watchlist(rules.alerts());
            assertThat(first).hasSize(1);
            assertThat(first.get(0).details().get("corroboration").asText()).isEqualTo("single-source");

            rules.release(reported("viasna-2", "2025-12-13T09:00:00Z", "Viasna")) // the same source again: nothing
                    .release(reported("rferl-1", "2025-12-13T07:30:00Z", "RFE/RL"));
            List<Alert> update = watchlist(rules.alerts());
            assertThat(update).hasSize(1);
            Alert u = update.get(0);
            assertThat(u.msgType()).isEqualTo(org.releasewatch.model.MsgType.UPDATE);
            assertThat(u.thread()).isEqualTo(first.get(0).id());
            assertThat(u.references()).containsExactly(first.get(0).id());
            assertThat(u.id()).isEqualTo(MessageIds.of(first.get(0).id(), "corroborated"));
            assertThat(u.details().get("corroboration").asText()).isEqualTo("corroborated");
            assertThat(u.change()).isEqualTo("confirmed by a second source (RFE/RL)");
            assertThat(u.evidence().eventIds()).containsExactly("viasna-1", "rferl-1");

            // redelivered, a third source, a restart: nothing more
            rules.restart().release(reported("rferl-1", "2025-12-13T07:30:00Z", "RFE/RL"))
                    .release(reported("memorial-1", "2025-12-13T10:00:00Z", "Memorial"));
            assertThat(watchlist(rules.alerts())).isEmpty();
        }
    }

    /**
     * The person's day is one thread whatever countries its reports name (its id names none): a second source's report
     * from another country corroborates it, as the 200 000-event bench's person 162 (Laos, then Tajikistan).
     */
    @Test
    void aSecondSourcesReportFromAnotherCountryCorroboratesTheSameDay() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.watch("bench:watched:162", "Watched person 162", Priority.NORMAL)
                    .release(release("bench-r-183432", "2025-11-28T12:28:31.720Z", "LA", "bench:watched:162", null, null,
                            new Source("Viasna Human Rights Centre", "https://spring96.org")));
            List<Alert> first = watchlist(rules.alerts());
            assertThat(first).hasSize(1);
            assertThat(first.get(0).country()).isEqualTo("LA");

            rules.release(release("bench-r-186349", "2025-11-28T22:58:12.040Z", "TJ", "bench:watched:162", null, null,
                    new Source("Amnesty International", "https://www.amnesty.org")));
            List<Alert> update = watchlist(rules.alerts());
            assertThat(update).hasSize(1);
            assertThat(update.get(0).id()).isEqualTo(MessageIds.of(first.get(0).id(), "corroborated"))
                    .isEqualTo("6b685bbe-70b4-5d20-b065-0ec33d1a34e5");
            assertThat(update.get(0).country()).isEqualTo("LA");
            assertThat(update.get(0).evidence().eventIds()).containsExactly("bench-r-183432", "bench-r-186349");
        }
    }

    /**
     * A day past its first {@link WatchlistReleaseRule#MAX_KEPT_PER_DAY} reports still learns its sources: the first
     * report of a new source is kept, so a second source corroborates the day once (not once per report it sends), a
     * third source says nothing, and an earlier report arriving late does not push the second source out.
     */
    @Test
    void aSecondSourceAfterAFullDayCorroboratesItOnce() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.watch("viasna:1", "Ales Bialiatski", Priority.HIGH);
            for (int i = 0; i < WatchlistReleaseRule.MAX_KEPT_PER_DAY; i++) {
                rules.release(reported("viasna-" + i, "2025-12-13T08:%02d:00Z".formatted(i + 10), "Viasna"));
            }
            List<Alert> first = watchlist(rules.alerts());
            assertThat(first).hasSize(1);
            rules.release(reported("rferl-1", "2025-12-13T09:00:00Z", "RFE/RL"))
                    .release(reported("rferl-2", "2025-12-13T09:05:00Z", "RFE/RL"))
                    .release(reported("viasna-early", "2025-12-13T07:00:00Z", "Viasna"))
                    .release(reported("rferl-3", "2025-12-13T09:10:00Z", "RFE/RL"))
                    .release(reported("amnesty-1", "2025-12-13T10:00:00Z", "Amnesty"));
            assertThat(watchlist(rules.alerts())).extracting(Alert::id)
                    .containsExactly(MessageIds.of(first.get(0).id(), "corroborated"));
        }
    }

    @Test
    void aPersonWatchedAfterTwoSourcesReportedTheReleaseGetsOneCorroboratedAlert() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.release(reported("viasna-1", "2025-12-13T08:00:00Z", "Viasna"))
                    .release(reported("rferl-1", "2025-12-13T09:00:00Z", "RFE/RL"))
                    .watch("viasna:1", "Ales Bialiatski", Priority.HIGH);
            List<Alert> alerts = watchlist(rules.alerts());
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).msgType()).isNull();
            assertThat(alerts.get(0).details().get("corroboration").asText()).isEqualTo("corroborated");
        }
    }

    /**
     * Contract v1.2 rosters: an inferred release (a person left a roster) and a partner's report of the same person
     * the same day corroborate each other, in either order; the person coming back to the roster withdraws the
     * inferred one, and the day is back to one source.
     */
    @Test
    void anInferredReleaseAndAPartnersReportOfThePersonCorroborateEachOther() {
        Person held = new Person("viasna-roster:4711", "Ihar Losik", List.of());
        ReleaseEvent inferred = new ReleaseEvent("viasna-roster:4711:v9", Instant.parse("2025-12-13T06:00:00Z"), "BY", held,
                List.of(), null, null, new Source("viasna-roster", "https://example.org/prisoners.csv"), false, null, true);
        ReleaseEvent reported = new ReleaseEvent("rferl-4711", Instant.parse("2025-12-13T09:00:00Z"), "BY", held,
                List.of(), "LT", null, new Source("RFE/RL", "https://example.org/rferl-4711"));
        for (boolean inferredFirst : new boolean[] {true, false}) {
            try (RulesDriver rules = new RulesDriver()) {
                rules.watch(held.id(), held.name(), Priority.HIGH).release(inferredFirst ? inferred : reported);
                List<Alert> first = watchlist(rules.alerts());
                assertThat(first).as("inferred first: " + inferredFirst).hasSize(1);
                assertThat(first.get(0).details().get("corroboration").asText()).isEqualTo("single-source");
                assertThat(first.get(0).details().path("inferred").asBoolean()).isEqualTo(inferredFirst);

                rules.release(inferredFirst ? reported : inferred);
                List<Alert> update = watchlist(rules.alerts());
                assertThat(update).as("inferred first: " + inferredFirst).hasSize(1);
                assertThat(update.get(0).msgType()).isEqualTo(org.releasewatch.model.MsgType.UPDATE);
                assertThat(update.get(0).thread()).isEqualTo(first.get(0).id());
                assertThat(update.get(0).details().get("corroboration").asText()).isEqualTo("corroborated");

                // the person is back on the roster: the inferred release is withdrawn, the report still stands
                rules.release(new ReleaseEvent(inferred.eventId(), inferred.occurredAt(), "BY", held, List.of(), null, null,
                        inferred.source(), true, "back on the roster", true));
                List<Alert> back = watchlist(rules.alerts());
                assertThat(back).as("inferred first: " + inferredFirst).hasSize(1);
                assertThat(back.get(0).msgType()).isEqualTo(org.releasewatch.model.MsgType.UPDATE);
                assertThat(back.get(0).details().get("corroboration").asText()).isEqualTo("single-source");
            }
        }
    }
}

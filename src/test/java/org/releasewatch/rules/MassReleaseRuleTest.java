package org.releasewatch.rules;

import org.junit.jupiter.api.Test;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.SanctionAction;
import org.releasewatch.model.Severity;
import org.releasewatch.model.Source;
import org.releasewatch.testing.Fast;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasewatch.rules.RulesDriver.release;

@Fast
class MassReleaseRuleTest {

    private static List<Alert> mass(List<Alert> alerts) {
        return alerts.stream().filter(a -> a.rule() == AlertRule.MASS_RELEASE).toList();
    }

    /** {@code n} distinct persons released from BY on 13 Dec 2025, the first {@code lt} to LT, the rest to UA. */
    private static void releaseMany(RulesDriver rules, int from, int n, int lt) {
        for (int i = from; i < from + n; i++) {
            rules.release(release("e-" + i, Instant.parse("2025-12-13T08:00:00Z").plusSeconds(60L * i).toString(), "BY",
                    "p-" + i, i < lt ? "LT" : "UA"));
        }
    }

    @Test
    void eachThresholdFiresOnceTheMomentTheCountReachesIt() {
        try (RulesDriver rules = new RulesDriver()) {
            releaseMany(rules, 0, 9, 9);
            assertThat(mass(rules.alerts())).isEmpty();

            releaseMany(rules, 9, 1, 9);
            List<Alert> ten = mass(rules.alerts());
            assertThat(ten).hasSize(1);
            assertThat(ten.get(0).severity()).isEqualTo(Severity.WARNING);
            assertThat(ten.get(0).details().get("threshold").asInt()).isEqualTo(10);
            assertThat(ten.get(0).details().get("count").asInt()).isEqualTo(10);
            assertThat(ten.get(0).occurredAt()).isEqualTo(Instant.parse("2025-12-13T08:09:00Z"));

            releaseMany(rules, 10, 89, 9);
            assertThat(mass(rules.alerts())).isEmpty();

            releaseMany(rules, 99, 24, 9);
            List<Alert> hundred = mass(rules.alerts());
            assertThat(hundred).hasSize(1);
            Alert a = hundred.get(0);
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.details().get("count").asInt()).isEqualTo(100);
            assertThat(a.details().get("byDestination").toString()).isEqualTo("{\"LT\":9,\"UA\":91}");
            assertThat(a.details().get("windowStart").asText()).isEqualTo("2025-12-13T00:00:00Z");
            assertThat(a.details().get("windowEnd").asText()).isEqualTo("2025-12-14T00:00:00Z");
            assertThat(a.title()).isEqualTo("100 people released in Belarus on 13 Dec 2025 (91 to UA, 9 to LT)");
            assertThat(a.evidence().eventIds()).hasSize(100).contains("e-0", "e-99");
            assertThat(a.country()).isEqualTo("BY");
        }
    }

    @Test
    void theDaysRunningFiguresAreInTheRulesStore() {
        try (RulesDriver rules = new RulesDriver()) {
            releaseMany(rules, 0, 123, 9);
            DayTally day = MassReleaseRule.daySummary(rules.massStore(), "BY", Instant.parse("2025-12-13T00:00:00Z"));
            assertThat(day.count()).isEqualTo(123);
            assertThat(day.byDestination()).isEqualTo(Map.of("UA", 114, "LT", 9));
            assertThat(MassReleaseRule.daySummary(rules.massStore(), "BY", Instant.parse("2025-12-12T00:00:00Z")).count()).isZero();
        }
    }

    @Test
    void aPersonReportedByTwoSourcesCountsOnceAndBothSourcesAreEvidence() {
        try (RulesDriver rules = new RulesDriver()) {
            releaseMany(rules, 0, 9, 0);
            Source rferl = new Source("RFE/RL", "https://www.rferl.org");
            rules.release(release("e-rferl-0", "2025-12-13T09:00:00Z", "BY", "p-0", "UA", null, rferl));
            assertThat(mass(rules.alerts())).as("9 distinct persons: no alert").isEmpty();

            releaseMany(rules, 9, 1, 0);
            Alert ten = mass(rules.alerts()).get(0);
            assertThat(ten.details().get("count").asInt()).isEqualTo(10);
            assertThat(ten.evidence().eventIds()).contains("e-0", "e-rferl-0").hasSize(11);
            assertThat(ten.evidence().sources()).contains(rferl, new Source("Viasna", "https://spring96.org")).hasSize(2);
        }
    }

    @Test
    void aRedeliveredEventHasNoFurtherEffect() {
        try (RulesDriver rules = new RulesDriver()) {
            releaseMany(rules, 0, 9, 0);
            releaseMany(rules, 0, 9, 0);
            assertThat(mass(rules.alerts())).isEmpty();
            releaseMany(rules, 9, 1, 0);
            releaseMany(rules, 0, 10, 0);
            assertThat(mass(rules.alerts())).hasSize(1);
        }
    }

    @Test
    void anOffsetTimeJustAfterMidnightLocallyCountsForTheUtcDayBefore() {
        try (RulesDriver rules = new RulesDriver()) {
            // 2025-12-13T01:30:00+03:00 is 2025-12-12T22:30:00Z
            rules.release(release("e-offset", Instant.parse("2025-12-12T22:30:00Z").toString(), "BY", "p-x", "LT"));
            assertThat(MassReleaseRule.daySummary(rules.massStore(), "BY", Instant.parse("2025-12-12T00:00:00Z")).count()).isEqualTo(1);
            assertThat(MassReleaseRule.daySummary(rules.massStore(), "BY", Instant.parse("2025-12-13T00:00:00Z")).count()).isZero();
        }
    }

    @Test
    void aLateReleaseWithinTheGraceIsCountedInItsOwnWindow() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.release(release("e-now", "2025-12-14T20:00:00Z", "BY", "p-now", "UA"));
            releaseMany(rules, 0, 10, 0); // 13 Dec, up to 44 h late: within the 48 h grace
            List<Alert> alerts = mass(rules.alerts());
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).details().get("windowStart").asText()).isEqualTo("2025-12-13T00:00:00Z");
            assertThat(rules.lateCountries).isEmpty();
        }
    }

    @Test
    void aReleaseLaterThanTheGraceIsNotCountedButCountedAsLate() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.release(release("e-now", "2025-12-16T00:00:00Z", "BY", "p-now", "UA"));
            releaseMany(rules, 0, 10, 0); // 13 Dec window ended 14 Dec 00:00; +48 h = 16 Dec 00:00 <= stream time
            assertThat(mass(rules.alerts())).isEmpty();
            assertThat(rules.lateCountries).hasSize(10).containsOnly("BY");
            assertThat(MassReleaseRule.daySummary(rules.massStore(), "BY", Instant.parse("2025-12-13T00:00:00Z")).count()).isZero();
        }
    }

    @Test
    void anotherCountrysNewerReleasesInTheSameTaskDoNotMakeACountrysReleasesLate() {
        try (RulesDriver rules = new RulesDriver()) {
            // one task holds both countries: Iran's March releases first, then Belarus's December day
            rules.release(release("ir-now", "2026-03-15T10:00:00Z", "IR", "ir-1", null));
            releaseMany(rules, 0, 10, 0); // 13 Dec 2025, BY
            assertThat(mass(rules.alerts())).extracting(Alert::country).containsExactly("BY");
            assertThat(rules.lateCountries).isEmpty();
            assertThat(MassReleaseRule.daySummary(rules.massStore(), "BY", Instant.parse("2025-12-13T00:00:00Z")).count())
                    .isEqualTo(10);
        }
    }

    @Test
    void thePurgeFreesACountrysDaysByItsOwnClockAndKeepsThoseOfACountryWhoseClockLags() {
        try (RulesDriver rules = new RulesDriver()) {
            Instant dec13 = Instant.parse("2025-12-13T00:00:00Z");
            releaseMany(rules, 0, 10, 0); // BY, 13 Dec
            rules.release(release("ir-1", "2025-12-13T10:00:00Z", "IR", "ir-1", null));
            rules.release(release("ir-2", "2026-03-15T10:00:00Z", "IR", "ir-2", null));
            rules.purge().purge();
            assertThat(MassReleaseRule.daySummary(rules.massStore(), "BY", dec13).count()).as("BY's clock is still 13 Dec")
                    .isEqualTo(10);
            assertThat(MassReleaseRule.daySummary(rules.massStore(), "IR", dec13).count()).as("IR's clock is in March").isZero();
            rules.release(release("by-later", "2025-12-20T10:00:00Z", "BY", "p-later", null));
            rules.purge().purge();
            assertThat(MassReleaseRule.daySummary(rules.massStore(), "BY", dec13).count()).isZero();
        }
    }

    @Test
    void aSanctionDaysAheadInEventTimeDoesNotMakeReleasesLate() {
        try (RulesDriver rules = new RulesDriver()) {
            // a replay: the small sanctions topic is read far ahead of the releases
            rules.sanction(RulesDriver.sanction("s-ahead", "2025-12-30T00:00:00Z", SanctionAction.LIFTED, null));
            releaseMany(rules, 0, 10, 0); // 13 Dec
            assertThat(mass(rules.alerts())).hasSize(1);
            assertThat(rules.lateCountries).isEmpty();
        }
    }

    @Test
    void countriesAreCountedSeparately() {
        try (RulesDriver rules = new RulesDriver()) {
            for (int i = 0; i < 10; i++) {
                rules.release(release("by-" + i, "2025-12-13T10:00:00Z", "BY", "p-" + i, null));
                rules.release(release("ve-" + i, "2025-12-13T10:00:00Z", "VE", "p-" + i, null));
            }
            assertThat(rules.alertKeys()).as("alerts are keyed by their country").containsExactly("BY", "VE");
        }
    }

    @Test
    void aRestartDoesNotForgetWhatIsLateSoNothingIsCountedWithoutBeingRemembered() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.release(release("r-new", "2025-12-20T12:00:00Z", "BY", "p-new", "UA"));
            rules.restart(); // a crash: the clock is state, not memory
            for (int i = 0; i < 12; i++) { // 13 December ended more than 48 h before 20 December 12:00
                rules.release(release("r-" + i, "2025-12-13T10:00:00Z", "BY", "p-" + (i % 10), "UA"));
            }
            assertThat(rules.alerts()).as("late releases counted: a count without evidence").isEmpty();
            assertThat(rules.lateCountries).hasSize(12);
        }
    }

    @Test
    void aRestartMidDayKeepsCountingTheSamePersonsOnceAndNamesEachInTheEvidence() {
        try (RulesDriver rules = new RulesDriver()) {
            for (int i = 0; i < 14; i++) {
                rules.release(release("r-" + i, "2025-12-13T10:00:00Z", "BY", "p-" + (i % 9), "UA"));
                if (i % 4 == 3) {
                    rules.restart();
                }
            }
            rules.release(release("r-last", "2025-12-13T11:00:00Z", "BY", "p-9", "LT"));
            Alert alert = rules.alerts().stream().filter(a -> a.rule() == AlertRule.MASS_RELEASE).findFirst().orElseThrow();
            assertThat(alert.details().get("count").asInt()).isEqualTo(10);
            assertThat(alert.evidence().eventIds()).as("each of the ten persons by their first report, then the second reports")
                    .containsExactly("r-0", "r-1", "r-2", "r-3", "r-4", "r-5", "r-6", "r-7", "r-8", "r-last",
                            "r-9", "r-10", "r-11", "r-12", "r-13");
        }
    }

    @Test
    void aDayIsOneThreadTheHigherThresholdAnUpdateAndTheFinalCountWhenTheDayCloses() {
        try (RulesDriver rules = new RulesDriver()) {
            releaseMany(rules, 0, 123, 9);
            List<Alert> fired = mass(rules.alerts());
            assertThat(fired).hasSize(2);
            Alert ten = fired.get(0);
            Alert hundred = fired.get(1);
            assertThat(ten.id()).as("the v1.1 id").isEqualTo(AlertIds.of(AlertRule.MASS_RELEASE, "BY", "2025-12-13T00:00:00Z", "10"));
            assertThat(ten.msgType()).isNull();
            assertThat(hundred.msgType()).isEqualTo(org.releasewatch.model.MsgType.UPDATE);
            assertThat(hundred.thread()).isEqualTo(ten.id());
            assertThat(hundred.references()).containsExactly(ten.id());
            assertThat(hundred.id()).isEqualTo(MessageIds.of(ten.id(), "threshold:100"));
            assertThat(hundred.change()).isEqualTo("100 people released, was 10");

            // Belarus's clock passes the day's end and the lateness: the day closes with 123
            rules.release(release("later", "2025-12-16T00:00:00Z", "BY", "p-later", "LT"));
            List<Alert> closing = mass(rules.alerts());
            assertThat(closing).hasSize(1);
            Alert last = closing.get(0);
            assertThat(last.id()).isEqualTo(MessageIds.of(ten.id(), "final"));
            assertThat(last.thread()).isEqualTo(ten.id());
            assertThat(last.references()).containsExactly(ten.id(), hundred.id());
            assertThat(last.change()).isEqualTo("123 people released in Belarus on 13 Dec 2025 — final count");
            assertThat(last.details().get("count").asInt()).isEqualTo(123);
            assertThat(last.details().get("byDestination").toString()).isEqualTo("{\"LT\":9,\"UA\":114}");
            assertThat(last.severity()).isEqualTo(Severity.CRITICAL);

            // nothing more for that day, whatever comes after
            rules.restart().release(release("much-later", "2026-01-16T00:00:00Z", "BY", "p-much-later", "LT"));
            assertThat(mass(rules.alerts())).isEmpty();
        }
    }

    @Test
    void aDayThatClosesAtTheCountItLastReportedGetsNoFinalCount() {
        try (RulesDriver rules = new RulesDriver()) {
            releaseMany(rules, 0, 10, 9);
            assertThat(mass(rules.alerts())).hasSize(1);
            rules.release(release("later", "2025-12-16T00:00:00Z", "BY", "p-later", "LT"));
            assertThat(mass(rules.alerts())).isEmpty();
        }
    }

    @Test
    void theCountSaysHowManyOfItsPersonsASecondSourceReported() {
        try (RulesDriver rules = new RulesDriver()) {
            for (int i = 0; i < 9; i++) {
                rules.release(release("e-" + i, "2025-12-13T08:0" + i + ":00Z", "BY", "p-" + i, "LT"));
            }
            Source memorial = new Source("Memorial", "https://memorial.example");
            rules.release(release("m-0", "2025-12-13T09:00:00Z", "BY", "p-0", "LT", null, memorial))
                    .release(release("m-0", "2025-12-13T09:00:00Z", "BY", "p-0", "LT", null, memorial)) // redelivered
                    .release(release("m-1", "2025-12-13T09:01:00Z", "BY", "p-1", "LT", null, memorial))
                    .release(release("e-9", "2025-12-13T09:09:00Z", "BY", "p-9", "LT"));
            Alert ten = mass(rules.alerts()).get(0);
            assertThat(ten.details().get("corroborated").asInt()).isEqualTo(2);
        }
    }
}

package org.releasewatch.rules;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.releasewatch.config.HistoryConfig;
import org.releasewatch.config.RulesConfig;
import org.releasewatch.demo.December13Story;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.rules.reference.Arrival;
import org.releasewatch.testing.Fast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The day history behind {@code GET /api/countries/{code}/releases?date=}: a country's day answers its count from
 * the rules' tally while they hold it, then from the history, then "gone" once it is older than
 * {@code releasewatch.history.retention} behind the country's clock; never 0 for a day that had releases, whatever
 * other countries send and however many tasks the countries are spread over.
 */
@Fast
class DayHistoryTest {

    private static final Instant DEC_13 = Instant.parse("2025-12-13T00:00:00Z");
    private static final Duration RETENTION = HistoryConfig.defaults().retention();

    private static MassReleaseRule.DayAnswer by13Dec(RulesDriver rules) {
        KeyValueStore<Bytes, DayTally> tallies = rules.store(AlertTopology.MASS_RELEASE_STORE);
        KeyValueStore<Bytes, DayTally> history = rules.store(AlertTopology.DAY_HISTORY_STORE);
        KeyValueStore<String, Long> clocks = rules.store(AlertTopology.CLOCK_STORE);
        return RuleQueries.day(tallies, history, clocks, RETENTION, "BY", DEC_13);
    }

    private static ReleaseEvent release(String id, String at, String country) {
        return RulesDriver.release(id, at, country, id, null);
    }

    @Test
    void theStorysDayAnswers123FromTheHistoryOnceTheRulesNoLongerHoldItAndGoneAfterTheRetention() {
        try (RulesDriver rules = new RulesDriver()) {
            December13Story.releases().forEach(rules::release);
            // other countries' releases months later, then Belarus's own
            rules.release(release("ir-1", "2026-03-15T10:00:00Z", "IR")).release(release("kz-1", "2026-02-01T10:00:00Z", "KZ"));
            rules.purge().purge();
            assertThat(by13Dec(rules).tally().count()).isEqualTo(123);
            rules.release(release("by-later", "2026-03-01T10:00:00Z", "BY"));
            for (int i = 0; i < 5; i++) {
                rules.purge();
            }
            assertThat(rules.massStore().get(MassReleaseRule.tallyKey(DEC_13.toEpochMilli(), "BY")))
                    .as("the rules no longer hold the day").isNull();
            MassReleaseRule.DayAnswer answer = by13Dec(rules);
            assertThat(answer.gone()).isFalse();
            assertThat(answer.tally().count()).isEqualTo(123);
            assertThat(answer.tally().sortedByDestination()).isEqualTo(Map.of("UA", 114, "LT", 9));

            rules.release(release("by-much-later", DEC_13.plus(RETENTION).toString(), "BY"));
            for (int i = 0; i < 5; i++) {
                rules.purge();
            }
            assertThat(by13Dec(rules).gone()).as("older than the retention behind BY's clock").isTrue();
        }
    }

    @Test
    void acrossSeveralTasksTheTaskHoldingBelarusAnswers123AfterOtherCountriesMonthsLater() {
        List<Arrival> arrivals = new ArrayList<>();
        December13Story.releases().forEach(r -> arrivals.add(new Arrival.Released(r)));
        for (String country : List.of("IR", "KZ", "VE", "CU", "RU", "NI", "MM")) {
            for (int i = 0; i < 11; i++) {
                arrivals.add(new Arrival.Released(release(country + "-" + i, "2026-0" + (1 + i % 8) + "-15T10:00:00Z", country)));
            }
        }
        for (int tasks : new int[] {1, 3, 7}) {
            List<RulesDriver> drivers = TaskLayout.drivers(tasks, RulesConfig.defaults());
            try {
                TaskLayout.feed(drivers, arrivals);
                drivers.forEach(d -> d.purge().purge());
                RulesDriver belarus = drivers.get(TaskLayout.partition("BY", tasks));
                MassReleaseRule.DayAnswer answer = by13Dec(belarus);
                assertThat(answer.tally().count()).as("%d tasks", tasks).isEqualTo(123);
                assertThat(answer.tally().sortedByDestination()).isEqualTo(Map.of("UA", 114, "LT", 9));
            } finally {
                drivers.forEach(RulesDriver::close);
            }
        }
    }

    @Test
    void aDayWithoutReleasesWithinTheRetentionIsAZeroAndNotGone() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.release(release("by-1", "2025-12-14T10:00:00Z", "BY"));
            assertThat(by13Dec(rules).gone()).isFalse();
            assertThat(by13Dec(rules).tally().count()).isZero();
        }
    }

    @Test
    void aDayWhoseReleasesAllArriveAfterItClosedAnswersTheirDistinctPersonsNotZero() {
        try (RulesDriver rules = new RulesDriver()) {
            // Belarus's clock is in March 2026; then a backfill of 13 December 2025, long after that day closed
            rules.release(release("by-march", "2026-03-01T10:00:00Z", "BY"));
            List<ReleaseEvent> story = December13Story.releases();
            story.forEach(rules::release);
            story.subList(0, 10).forEach(rules::release); // redelivered
            rules.release(RulesDriver.release("second-source", "2025-12-13T11:00:00Z", "BY", story.get(0).person().id(), "UA"));
            for (int i = 0; i < 5; i++) {
                rules.purge();
            }
            MassReleaseRule.DayAnswer answer = by13Dec(rules);
            assertThat(answer.gone()).isFalse();
            assertThat(answer.tally().count()).as("distinct persons of a day that arrived late").isEqualTo(123);
            assertThat(answer.tally().sortedByDestination()).isEqualTo(Map.of("UA", 114, "LT", 9));
            assertThat(answer.tally().late()).as("counted after the day closed").isTrue();
            assertThat(rules.alerts()).as("no MASS_RELEASE for a late day").noneMatch(a -> a.rule().name().equals("MASS_RELEASE"));

            // a restart keeps it, and a further late report of a counted person changes nothing
            rules.restart().release(story.get(5));
            assertThat(by13Dec(rules).tally().count()).isEqualTo(123);
        }
    }

    @Test
    void lateReportsOfADayCountedOnTimeAreShownAsUncountedNotAddedToTheCount() {
        try (RulesDriver rules = new RulesDriver()) {
            List<ReleaseEvent> story = December13Story.releases();
            story.subList(0, 100).forEach(rules::release);
            rules.release(release("by-march", "2026-03-01T10:00:00Z", "BY"));
            for (int i = 0; i < 5; i++) {
                rules.purge();
            }
            story.subList(100, 123).forEach(rules::release);
            story.subList(100, 103).forEach(rules::release); // redelivered
            MassReleaseRule.DayAnswer answer = by13Dec(rules);
            assertThat(answer.tally().count()).as("as the rules counted it").isEqualTo(100);
            assertThat(answer.tally().late()).isFalse();
            assertThat(answer.tally().uncounted()).as("late reports, each person once").isEqualTo(23);
        }
    }
}

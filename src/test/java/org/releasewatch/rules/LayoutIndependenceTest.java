package org.releasewatch.rules;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.releasewatch.config.RulesConfig;
import org.releasewatch.model.Alert;
import org.releasewatch.rules.reference.Scenario;
import org.releasewatch.testing.Fast;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract v1.2, "Time is per country": a country's alerts are a function of that country's events and their
 * arrival order alone. Two properties over months of generated arrivals with backfills past the lateness: the
 * same arrivals split into 1, 2, 3 or 7 tasks by Kafka's partitioner give exactly the same alerts (ids and
 * content); and another country's events, newer, older or interleaved, never change a country's alerts.
 */
@Fast
class LayoutIndependenceTest {

    static final RulesConfig RULES = RulesAgainstReferenceModelTest.RULES;
    static final Scenario.Shape SHAPE = new Scenario.Shape(RULES.massThresholds(), RULES.lateness());

    @Property(tries = 40)
    void theAlertsAreTheSameWhateverTheNumberOfTasks(@ForAll long seed) {
        Scenario scenario = Scenario.months(seed, SHAPE);
        Map<String, String> oneTask = TaskLayout.comparable(TaskLayout.run(scenario.arrivals(), 1, RULES, new Random(seed)));
        for (int tasks : new int[] {2, 3, 7}) {
            Map<String, String> split = TaskLayout.comparable(TaskLayout.run(scenario.arrivals(), tasks, RULES, new Random(seed)));
            assertThat(TaskLayout.differences(oneTask, split)).as("alerts with %d tasks against 1 task (seed %d)", tasks, seed)
                    .isEmpty();
        }
    }

    @Property(tries = 40)
    void otherCountriesEventsNeverChangeACountrysAlerts(@ForAll long seed, @ForAll long otherSeed,
                                                        @ForAll @IntRange(min = -120, max = 240) int otherShiftDays,
                                                        @ForAll @IntRange(min = 1, max = 3) int tasks) {
        Scenario alone = Scenario.months(seed, SHAPE);
        Scenario others = Scenario.months(otherSeed, SHAPE, alone.countries(), "other:", otherShiftDays);
        Scenario together = alone.interleavedWith(others, new Random(seed ^ otherSeed));
        Set<String> countries = alone.countries();
        Map<String, String> expected = TaskLayout.comparable(TaskLayout.run(alone.arrivals(), tasks, RULES));
        Map<String, String> withOthers = of(countries, TaskLayout.run(together.arrivals(), tasks, RULES));
        assertThat(TaskLayout.differences(expected, withOthers)).as("alerts of %s with %s's events interleaved (seeds %d, %d, shift %d days, %d tasks)",
                countries, others.countries(), seed, otherSeed, otherShiftDays, tasks).isEmpty();
    }

    private static Map<String, String> of(Set<String> countries, List<Alert> alerts) {
        return new TreeMap<>(TaskLayout.comparable(alerts.stream().filter(a -> countries.contains(a.country())).toList()));
    }
}

package org.releasewatch.rules;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the query API reads of the rules' own stores, without knowing how their keys are laid out. */
public final class RuleQueries {

    private RuleQueries() {
    }

    /** Distinct persons released from {@code country} in the MASS_RELEASE window starting at {@code windowStart}. */
    public static DayTally day(ReadOnlyKeyValueStore<Bytes, DayTally> tallies, String country, Instant windowStart) {
        return MassReleaseRule.daySummary(tallies, country, windowStart);
    }

    /**
     * Distinct persons released from {@code country} in the window starting at {@code windowStart}: from the rules'
     * running tally, else the day history, or gone when the history no longer keeps it. {@code clocks} is the rules'
     * clock store.
     */
    public static MassReleaseRule.DayAnswer day(ReadOnlyKeyValueStore<Bytes, DayTally> tallies,
                                                ReadOnlyKeyValueStore<Bytes, DayTally> history,
                                                ReadOnlyKeyValueStore<String, Long> clocks, java.time.Duration retention,
                                                String country, Instant windowStart) {
        Long clock = clocks.get(RuleClock.COUNTRY + country);
        return MassReleaseRule.day(tallies, history, clock == null ? RuleClock.NEVER : clock, retention, country, windowStart);
    }

    /** Distinct persons released per country and window, for windows starting in [from, to]. */
    public static Map<String, Map<Instant, Integer>> countsByWindow(ReadOnlyKeyValueStore<Bytes, DayTally> tallies,
                                                                    Instant from, Instant to) {
        return MassReleaseRule.countsByWindow(tallies, from, to);
    }

    /** Reliefs LINKED_RELIEF knows, fired (linked to releases) or still waiting, of one country or all. */
    public static List<ReliefState> reliefs(ReadOnlyKeyValueStore<Bytes, ReliefState> store, Optional<String> country) {
        return LinkedReliefRule.known(store, country);
    }
}

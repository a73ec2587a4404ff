package org.releasewatch.rules;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One country's releases in one MASS_RELEASE window (value of {@link AlertTopology#MASS_RELEASE_STORE} and of
 * the day history): the number of distinct persons, their breakdown by destination, and the thresholds already
 * fired. Small and of bounded size, whatever the number of persons.
 *
 * <p>For the day history, what arrived after the day had closed for MASS_RELEASE: {@code late} when every report of
 * the day did (the count is then of those late reports, each person once), else {@code uncounted}, the late
 * reports of persons not reported late before, which the count may or may not already hold (the persons counted in
 * time are no longer kept to tell). {@code corroborated}: how many of the counted persons two or more distinct
 * sources reported.
 */
public record DayTally(int count, Map<String, Integer> byDestination, List<Integer> fired, int uncounted, boolean late,
                       int corroborated) {

    /** The destination of a person released without {@code transferredTo}. */
    public static final String UNKNOWN = "unknown";

    public static final DayTally EMPTY = new DayTally(0, Map.of(), List.of());

    public DayTally {
        byDestination = Map.copyOf(byDestination == null ? Map.of() : byDestination);
        fired = List.copyOf(fired == null ? List.of() : fired);
    }

    public DayTally(int count, Map<String, Integer> byDestination, List<Integer> fired) {
        this(count, byDestination, fired, 0, false, 0);
    }

    public DayTally(int count, Map<String, Integer> byDestination, List<Integer> fired, int uncounted, boolean late) {
        this(count, byDestination, fired, uncounted, late, 0);
    }

    /** One counted person more is reported by a second source. */
    public DayTally plusCorroborated() {
        return new DayTally(count, byDestination, fired, uncounted, late, corroborated + 1);
    }

    /** A day first heard of after it closed: counted in the history only. */
    public static DayTally lateDay() {
        return new DayTally(0, Map.of(), List.of(), 0, true, 0);
    }

    /** One more late report of a person the count may already hold. */
    public DayTally plusUncounted() {
        return new DayTally(count, byDestination, fired, uncounted + 1, late, corroborated);
    }

    /** One more distinct person, released to {@code destination} (null: unknown). */
    public DayTally plusPerson(String destination) {
        Map<String, Integer> destinations = new TreeMap<>(byDestination);
        destinations.merge(destination == null ? UNKNOWN : destination, 1, Integer::sum);
        return new DayTally(count + 1, destinations, fired, uncounted, late, corroborated);
    }

    /**
     * One counted person fewer (contract v1.2, step 4: their every report withdrawn), released to {@code destination},
     * and one fewer corroborated if they were.
     */
    public DayTally minusPerson(String destination, boolean wasCorroborated) {
        Map<String, Integer> destinations = new TreeMap<>(byDestination);
        destinations.computeIfPresent(destination == null ? UNKNOWN : destination, (d, n) -> n > 1 ? n - 1 : null);
        return new DayTally(Math.max(0, count - 1), destinations, fired, uncounted, late,
                Math.max(0, corroborated - (wasCorroborated ? 1 : 0)));
    }

    /** The highest threshold fired that the count is now below, or null. */
    public Integer thresholdFallen() {
        return fired.stream().filter(t -> count < t).max(Integer::compare).orElse(null);
    }

    /** Without {@code threshold} among those fired: it may fire again. */
    public DayTally withoutFired(int threshold) {
        return new DayTally(count, byDestination, fired.stream().filter(t -> t != threshold).toList(), uncounted, late, corroborated);
    }

    /** The lowest threshold the count has reached that has not fired yet, or null. */
    public Integer thresholdReached(List<Integer> thresholds) {
        return thresholds.stream().filter(t -> count >= t && !fired.contains(t)).findFirst().orElse(null);
    }

    public DayTally withFired(int threshold) {
        return new DayTally(count, byDestination, Evidences.with(fired, threshold), uncounted, late, corroborated);
    }

    /** byDestination in a stable order, for JSON. */
    public Map<String, Integer> sortedByDestination() {
        return new TreeMap<>(byDestination);
    }
}

package org.releasewatch.rules;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.releasewatch.model.ReleaseEvent;

import java.time.Duration;
import java.util.Map;

/**
 * The day history's part in releases that arrive after their day has closed for MASS_RELEASE: without it, a day
 * whose reports all came late (a backfill of last month) answered a count of 0 — "nobody was released". Each late
 * report of a person not reported late before for that day (in {@link AlertTopology#LATE_PERSONS_STORE}, kept as
 * long as the history) either counts in the day's history, when the day had no report in time ({@link DayTally#late()}:
 * the count is exact), or is added to {@link DayTally#uncounted()}, when the day was counted in time and the
 * persons counted then are no longer kept to tell a new person from one counted already.
 */
final class LateDays {

    private static final byte[] SEEN = new byte[0];

    private final KeyValueStore<Bytes, DayTally> history;
    private final KeyValueStore<Bytes, byte[]> latePersons;
    private final Duration retention;

    LateDays(KeyValueStore<Bytes, DayTally> history, KeyValueStore<Bytes, byte[]> latePersons, Duration retention) {
        this.history = history;
        this.latePersons = latePersons;
        this.retention = retention;
    }

    /** A report of {@code release} for the window at {@code windowStart} of {@code country}, after it closed. */
    void reported(String country, long windowStart, ReleaseEvent release, long countryClock) {
        if (RuleClock.expired(windowStart, retention.toMillis(), countryClock)) {
            return; // older than the history keeps: the day answers 410 Gone
        }
        Bytes person = StateKey.of().text(country).time(windowStart).text(release.person().id()).bytes();
        if (latePersons.get(person) != null) {
            return;
        }
        latePersons.put(person, SEEN);
        Bytes key = MassReleaseRule.historyKey(country, windowStart);
        DayTally kept = history.get(key);
        history.put(key, kept == null ? DayTally.lateDay().plusPerson(release.transferredTo())
                : kept.late() ? kept.plusPerson(release.transferredTo()) : kept.plusUncounted());
    }

    /** Frees the persons of the days the history no longer keeps, each by its own country's clock. */
    void purgeExpired(Purge purge, Map<String, Long> clocks) {
        long kept = retention.toMillis();
        purge.perLeadingText(latePersons, country -> {
            Long now = clocks.get(country);
            return now == null ? Long.MIN_VALUE : now - kept + 1;
        }, (country, deleted) -> { });
    }
}

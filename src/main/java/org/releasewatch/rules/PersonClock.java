package org.releasewatch.rules;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A person's {@link RuleClock} (their latest release), read where {@link WatchlistReleaseRule} keeps it: in the
 * person's value of {@link AlertTopology#WATCHLIST_RECENT_RELEASES_STORE} ({@link PersonReleases#clock()}), so that
 * the one write that keeps a release also moves its person's clock. Versions before kept it under
 * {@code person:<id>} in {@link AlertTopology#CLOCK_STORE}; such an entry is still read, as the clock's floor, and
 * never written again. Read by the rule, by the person's {@link RetractionGate} and by {@link AlertOnce} (whose ids
 * of WATCHLIST_RELEASE expire by it), all in the person's task.
 */
final class PersonClock {

    private final KeyValueStore<Bytes, byte[]> releases;
    private final KeyValueStore<String, Long> before;

    private PersonClock(KeyValueStore<Bytes, byte[]> releases, KeyValueStore<String, Long> before) {
        this.releases = releases;
        this.before = before;
    }

    static PersonClock of(ProcessorContext<?, ?> context) {
        return new PersonClock(context.getStateStore(AlertTopology.WATCHLIST_RECENT_RELEASES_STORE),
                context.getStateStore(AlertTopology.CLOCK_STORE));
    }

    /** The key an alert id kept by {@link AlertOnce} names this clock with ({@code person:<id>}). */
    static String key(String personId) {
        return RuleClock.PERSON + personId;
    }

    /** The latest release time of {@code personId}, or {@link RuleClock#NEVER}. */
    long now(String personId) {
        byte[] value = releases.get(KeptReleases.personKey(personId));
        long kept = value == null ? RuleClock.NEVER : PersonReleases.clockOf(value);
        return Math.max(kept, RuleClock.at(before, key(personId)));
    }
}

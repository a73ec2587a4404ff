package org.releasewatch.rules;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Instant;

/**
 * The one notion of "now" of the rules on a stream task: the latest {@code occurredAt} of a release of the
 * countries the task holds, kept in the state store {@link AlertTopology#CLOCK_STORE} (the watchlist's releases,
 * re-keyed by person and so of any country, keep their own entry there: {@link #ofReleasesByPerson}). Whether a release is late and
 * whether kept state has expired are both decided against it, so they agree with each other, and because
 * it is state (restored with the task's other stores, moved with the task on a rebalance, committed in the
 * same transaction as the alerts) the output does not depend on when the process last died.
 *
 * <p>Only releases move it. The sanctions share the task, but in a backfill or replay their small topic is
 * read days or weeks of event time ahead of the releases; had they moved "now", nearly every release would
 * have looked late. Nor does the wall clock: a replay of last year must give last year's alerts.
 *
 * <p>Not cached in the processor: several processors of one task share it, and each must see the others'
 * advances at once. The store is cached by Kafka Streams, so a read is a map lookup.
 */
final class RuleClock {

    /** Before the first release: nothing is late, nothing has expired. */
    static final long NEVER = Long.MIN_VALUE;

    private final KeyValueStore<String, Long> store;
    private final String key;

    private RuleClock(KeyValueStore<String, Long> store, String key) {
        this.store = store;
        this.key = key;
    }

    /** The releases of the countries this task holds: the time of MASS_RELEASE, LINKED_RELIEF and AlertOnce. */
    static RuleClock of(ProcessorContext<?, ?> context) {
        return new RuleClock(context.getStateStore(AlertTopology.CLOCK_STORE), "releases");
    }

    /**
     * The releases re-keyed by person that reach this task, of any country: the time of the watchlist's recent
     * releases. Kept apart, because they run ahead of or behind this task's own countries — in a backfill one
     * input partition's fetch spans more event time than the grace, and it made this task's releases late.
     */
    static RuleClock ofReleasesByPerson(ProcessorContext<?, ?> context) {
        return new RuleClock(context.getStateStore(AlertTopology.CLOCK_STORE), "releases-by-person");
    }

    /** The latest release time seen, or {@link #NEVER}. */
    long now() {
        Long now = store.get(key);
        return now == null ? NEVER : now;
    }

    /** Moves the clock to {@code occurredAt} if that is later, and returns the clock. */
    long advance(Instant occurredAt) {
        long now = now();
        long at = occurredAt.toEpochMilli();
        if (at > now) {
            store.put(key, at);
            return at;
        }
        return now;
    }

    /**
     * Whether something at {@code at} kept for {@code retentionMillis} has expired by {@code now}:
     * {@code at + retention <= now}, without overflow at either end.
     */
    static boolean expired(long at, long retentionMillis, long now) {
        return now != NEVER && at <= now - retentionMillis;
    }
}

package org.releasewatch.rules;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Instant;

/**
 * The one notion of "now" of every rule on a stream task: the latest {@code occurredAt} of a release the
 * task has seen, kept in the state store {@link AlertTopology#CLOCK_STORE}. Whether a release is late and
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

    private static final String KEY = "releases";
    /** Before the first release: nothing is late, nothing has expired. */
    static final long NEVER = Long.MIN_VALUE;

    private final KeyValueStore<String, Long> store;

    private RuleClock(KeyValueStore<String, Long> store) {
        this.store = store;
    }

    static RuleClock of(ProcessorContext<?, ?> context) {
        return new RuleClock(context.getStateStore(AlertTopology.CLOCK_STORE));
    }

    /** The latest release time seen, or {@link #NEVER}. */
    long now() {
        Long now = store.get(KEY);
        return now == null ? NEVER : now;
    }

    /** Moves the clock to {@code occurredAt} if that is later, and returns the clock. */
    long advance(Instant occurredAt) {
        long now = now();
        long at = occurredAt.toEpochMilli();
        if (at > now) {
            store.put(KEY, at);
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

package org.releasewatch.rules;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Instant;

/**
 * The rules' notion of "now", one clock per country and one per person (contract v1.2, "Time is per country"),
 * a country's kept in the state store {@link AlertTopology#CLOCK_STORE}, a person's with their watchlist releases
 * ({@link PersonClock}). A country's clock is the latest {@code occurredAt} of a
 * release from that country the rules have seen: the time of MASS_RELEASE, LINKED_RELIEF and of the alert ids of
 * those rules and of SANCTIONS_CHANGE. A person's clock is the latest release of that person: the time of the
 * watchlist's kept releases and of WATCHLIST_RELEASE's ids. Whether an event is late and whether kept state has
 * expired are both decided against the clock of the event's own country (or person), so a country's alerts depend on
 * its own events alone, not on which countries share its stream task; and because the clocks are state (restored
 * with the task's other stores, moved with the task on a rebalance, committed in the same transaction as the alerts),
 * not on when the process last died.
 *
 * <p>Only releases move a clock. Sanctions share the country's task, but in a backfill or replay their small topic is
 * read days or weeks of event time ahead of the releases; had they moved "now", nearly every release would have
 * looked late. Nor does the wall clock: a replay of last year must give last year's alerts.
 *
 * <p>Not cached in the processor: several processors of one task share a country's clock, and each must see the
 * others' advances at once. The store is cached by Kafka Streams, so a read is a map lookup. Keys are
 * {@code country:} and the code, apart from the keys of the clock per task that came before
 * ({@link #TASK_CLOCK_BEFORE}) and of a person's clock as versions before kept it here ({@code person:} and the id,
 * now only read: {@link PersonClock} keeps a person's clock in their watchlist value, and names it by that key).
 */
final class RuleClock {

    static final String COUNTRY = "country:";
    static final String PERSON = "person:";

    /** Before the first release: nothing is late, nothing has expired. */
    static final long NEVER = Long.MIN_VALUE;

    /** The key of the one clock per task that the rules had before clocks per country; read only for ids kept then. */
    static final String TASK_CLOCK_BEFORE = "releases";

    private final KeyValueStore<String, Long> store;
    private final String prefix;

    private RuleClock(KeyValueStore<String, Long> store, String prefix) {
        this.store = store;
        this.prefix = prefix;
    }

    /** The clocks of the countries whose releases reach this task. */
    static RuleClock ofCountries(ProcessorContext<?, ?> context) {
        return new RuleClock(context.getStateStore(AlertTopology.CLOCK_STORE), COUNTRY);
    }

    /** The store key of the clock of {@code name} (a country code or person id). */
    String key(String name) {
        return prefix + name;
    }

    /** The latest release time of {@code name}, or {@link #NEVER}. */
    long now(String name) {
        return at(store, key(name));
    }

    /** The time the clock with store key {@code key} shows, or {@link #NEVER}. */
    static long at(KeyValueStore<String, Long> store, String key) {
        Long now = store.get(key);
        return now == null ? NEVER : now;
    }

    /** Moves the clock of {@code name} to {@code occurredAt} if that is later, and returns the clock. */
    long advance(String name, Instant occurredAt) {
        String key = key(name);
        long now = at(store, key);
        long at = occurredAt.toEpochMilli();
        if (at > now) {
            store.put(key, at);
            return at;
        }
        return now;
    }

    /** Every clock of this kind in the store, by name: for the countries of a task, a handful. */
    java.util.Map<String, Long> all() {
        java.util.Map<String, Long> out = new java.util.HashMap<>();
        String end = prefix.substring(0, prefix.length() - 1) + (char) (prefix.charAt(prefix.length() - 1) + 1);
        try (org.apache.kafka.streams.state.KeyValueIterator<String, Long> it = store.range(prefix, end)) {
            it.forEachRemaining(kv -> {
                if (kv.key.startsWith(prefix) && kv.value != null) {
                    out.put(kv.key.substring(prefix.length()), kv.value);
                }
            });
        }
        return out;
    }

    /** Forgets the clock of {@code name}: when nothing of it is kept any more. */
    void forget(String name) {
        store.put(key(name), null);
    }

    /**
     * Whether something at {@code at} kept for {@code retentionMillis} has expired by {@code now}:
     * {@code at + retention <= now}, without overflow at either end.
     */
    static boolean expired(long at, long retentionMillis, long now) {
        return now != NEVER && at <= now - retentionMillis;
    }
}

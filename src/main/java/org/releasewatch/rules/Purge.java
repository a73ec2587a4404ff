package org.releasewatch.rules;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.function.ObjIntConsumer;
import java.util.function.ToLongFunction;

/**
 * Freeing the space of expired state, a bounded step at a time. The rules decide what has expired on every read,
 * against the {@link RuleClock}; purging only deletes what they would no longer read, so when it runs (a
 * wall-clock punctuation) never changes an alert. Wall-clock rather than stream-time: a task whose input has gone
 * quiet still frees its state.
 *
 * <p>Each step reads or deletes a bounded number of keys, then returns. A clock that jumps (live events after a
 * backfill of history) expires a whole backfill at once, and every delete is a RocksDB tombstone and a changelog
 * record: deleted in one go, it held the stream thread, and every alert behind it, for seconds; deleted too slowly,
 * its keys filled the disk. So a step deletes up to {@link #BUDGET} keys plus twice what its rule wrote since the last
 * step ({@link #written()}), at most {@link #MAX_STEP}, which keeps pace with any rate of writes; and steps are short
 * and frequent ({@link #AGAIN} apart while the last one ran out of budget), so a live event waits behind a step of a
 * few milliseconds, not one of tens. A new pass starts after {@link #EVERY}. Full scans resume after the last key they
 * read, ranges after the last key they deleted (both kept in memory: after a restart they start from the front again,
 * which only costs time): RocksDB steps over a tombstone at a time until a compaction drops them.
 */
final class Purge {

    /** How often each rule's punctuator starts a new pass over its expired state. */
    static final Duration EVERY = Duration.ofSeconds(30);
    /** How soon a pass that ran out of budget goes on. */
    static final Duration AGAIN = Duration.ofMillis(100);
    /** Keys read or deleted per step on top of twice the keys written since the last: a millisecond or two. */
    static final int BUDGET = 50;
    /**
     * The most keys one step reads or deletes, however fast keys were written: a step comes late when the stream
     * thread's loop takes longer than {@link #AGAIN} (in a backfill), and then has that much more to keep pace with.
     */
    static final int MAX_STEP = 10_000;

    /** Steps at least this long are logged at DEBUG. */
    static final long SLOW_STEP_MS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(Purge.class);

    private final Map<String, Object> resumeAfter = new HashMap<>();
    /** Per store (and leading text): the last key a range deleted. Every key before it has expired for good. */
    private final Map<String, Bytes> deletedUpTo = new HashMap<>();
    /** Per store: the leading texts its keys started with at this pass's start, by their prefix ({@link #perLeadingText}). */
    private final Map<String, TreeMap<Bytes, String>> leads = new HashMap<>();
    /** Per store: the leading text the next step starts at. */
    private final Map<String, Bytes> leadCursor = new HashMap<>();
    /** The stores whose leading texts were looked for in this pass. */
    private final Set<String> discovered = new HashSet<>();
    private int left;
    private int written;

    private Purge() {
    }

    /**
     * Schedules {@code pass} of the rule {@code rule} on {@code context}: every {@link #EVERY}, and every
     * {@link #AGAIN} while its last step ran out of budget. {@code pass} calls the returned purge's methods, which
     * share one budget per step. A step of {@link #SLOW_STEP_MS} or more is logged at DEBUG, with its rule and task:
     * a step holds every record of the stream thread behind it.
     */
    static Purge every(ProcessorContext<?, ?> context, String rule, Runnable pass) {
        Purge purge = new Purge();
        long[] nextPass = {0};
        boolean[] more = {false};
        context.schedule(AGAIN, PunctuationType.WALL_CLOCK_TIME, wallClock -> {
            if (!more[0] && wallClock < nextPass[0]) {
                // between passes: writes before now are not the pace the next pass's first step must keep, and
                // counted from the last step they made it one of the longest, up to MAX_STEP keys at once
                purge.written = 0;
                return;
            }
            if (!more[0]) {
                nextPass[0] = wallClock + EVERY.toMillis();
                purge.newPass();
            }
            purge.refill();
            long started = System.nanoTime();
            pass.run();
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (millis >= SLOW_STEP_MS) {
                LOG.debug("Purge step of {} in task {} took {} ms", rule, context.taskId(), millis);
            }
            more[0] = purge.left <= 0 || !purge.resumeAfter.isEmpty();
        });
        return purge;
    }

    /** For tests: a purge with a fresh budget, not scheduled. */
    static Purge step() {
        Purge purge = new Purge();
        purge.left = BUDGET;
        return purge;
    }

    /**
     * Counts a key its rule wrote. A step may delete twice what was written since the last one, on top of
     * {@link #BUDGET}: the purge keeps pace with a backfill, whose expired state is otherwise left for later.
     */
    void written() {
        written++;
    }

    /** Starts a new pass: {@link #perLeadingText} looks for the leading texts of each store again. */
    void newPass() {
        discovered.clear();
    }

    /** A fresh budget for the next step. */
    void refill() {
        left = (int) Math.min(MAX_STEP, BUDGET + 2L * written);
        written = 0;
    }

    /** Whether this step's budget is spent. */
    boolean spent() {
        return left <= 0;
    }

    /** Whether a full scan of {@code store} stopped part-way and goes on at the next step. */
    boolean scanning(KeyValueStore<?, ?> store) {
        return resumeAfter.containsKey(store.name());
    }

    /**
     * Deletes the keys in [from, to], as many as the budget allows. {@code from} is where expired keys start: a
     * range starts after the keys it deleted before, since an expired key is never written again, so a step does
     * not walk the tombstones of the steps before it (RocksDB skips them one by one until a compaction drops them).
     */
    int range(KeyValueStore<Bytes, ?> store, Bytes from, Bytes to) {
        return range(store, store.name(), from, to);
    }

    private int range(KeyValueStore<Bytes, ?> store, String part, Bytes from, Bytes to) {
        Bytes done = deletedUpTo.get(part);
        Bytes start = done != null && done.compareTo(from) > 0 ? done : from;
        if (start.compareTo(to) > 0) {
            return 0;
        }
        List<Bytes> gone = new ArrayList<>();
        try (KeyValueIterator<Bytes, ?> it = store.range(start, to)) {
            while (left > 0 && it.hasNext()) {
                gone.add(it.next().key);
                left--;
            }
        }
        gone.forEach(key -> delete(store, key));
        if (!gone.isEmpty()) {
            deletedUpTo.put(part, gone.get(gone.size() - 1));
        }
        return gone.size();
    }

    /**
     * A put of null rather than {@code delete}: a store's delete reads and decodes the old value to return it,
     * which for a purge was a point lookup in RocksDB and a decode per key, for nothing.
     */
    private static <K, V> void delete(KeyValueStore<K, V> store, K key) {
        store.put(key, null);
    }

    /**
     * For keys that start with a text (a country) followed by a time: deletes, under each leading text, the keys
     * whose time is before {@code timeBefore}. One range per distinct leading text.
     */
    int perLeadingText(KeyValueStore<Bytes, ?> store, long timeBefore) {
        return perLeadingText(store, timeBefore, (lead, deleted) -> { });
    }

    /**
     * The same, telling {@code deletedUnder} how many keys it deleted under each leading text. The leading texts are
     * found once per pass and remembered: RocksDB knows no upper bound of a range, so a look for the next text steps
     * over every tombstone at the front of that text's keys, which made each step cost milliseconds per text.
     */
    int perLeadingText(KeyValueStore<Bytes, ?> store, long timeBefore, ObjIntConsumer<String> deletedUnder) {
        return perLeadingText(store, lead -> timeBefore, deletedUnder);
    }

    /**
     * The same, with the time before which keys go given per leading text (its clock's bound; {@link Long#MIN_VALUE}:
     * none go).
     */
    int perLeadingText(KeyValueStore<Bytes, ?> store, ToLongFunction<String> timeBeforeOf, ObjIntConsumer<String> deletedUnder) {
        TreeMap<Bytes, String> known = leads.computeIfAbsent(store.name(), name -> new TreeMap<>());
        if (discovered.add(store.name())) {
            known.clear(); // a text whose keys are all gone is not ranged again, pass after pass
            discover(store, known);
        }
        // round the texts, starting where the last step's budget ran out, so a busy text does not starve the later ones
        Bytes from = leadCursor.remove(store.name());
        List<Map.Entry<Bytes, String>> order = new ArrayList<>(from == null ? known.entrySet() : known.tailMap(from, true).entrySet());
        if (from != null) {
            order.addAll(known.headMap(from, false).entrySet());
        }
        int deleted = 0;
        for (Map.Entry<Bytes, String> entry : order) {
            if (left <= 0) {
                leadCursor.put(store.name(), entry.getKey());
                break;
            }
            String lead = entry.getValue();
            left--;
            long timeBefore = timeBeforeOf.applyAsLong(lead);
            if (timeBefore == Long.MIN_VALUE) {
                continue;
            }
            int under = range(store, store.name() + '\u0000' + lead, StateKey.of().text(lead).time(Long.MIN_VALUE).bytes(),
                    StateKey.of().text(lead).time(timeBefore).bytes());
            if (under > 0) {
                deletedUnder.accept(lead, under);
            }
            deleted += under;
        }
        return deleted;
    }

    /** Adds the leading texts of the store's keys to {@code known}: one iterator per text. */
    private static void discover(KeyValueStore<Bytes, ?> store, TreeMap<Bytes, String> known) {
        Bytes from = null;
        while (true) {
            try (KeyValueIterator<Bytes, ?> it = from == null ? store.all() : store.range(from, null)) {
                if (!it.hasNext()) {
                    return;
                }
                String lead = StateKey.read(it.next().key).text();
                Bytes prefix = StateKey.of().text(lead).bytes();
                known.put(prefix, lead);
                from = StateKey.after(prefix);
            }
        }
    }

    /** Decides, for keys in order that start with a text followed by a time, which are to go. */
    interface TextThenTime {
        boolean gone(String text, long time);
    }

    /**
     * For keys that start with a text followed by a time, where most texts lead only a few keys (a person id):
     * deletes the keys {@code gone} says are to go, in one scan resumed where the last step ended, so {@code gone}
     * sees the keys in order. {@link #perLeadingText} would open two iterators per text, which for tens of thousands
     * of persons held the stream thread for seconds.
     */
    int scanLeadingTextThenTime(KeyValueStore<Bytes, ?> store, TextThenTime gone) {
        return scan(store, (key, value) -> {
            StateKey.Reader reader = StateKey.read(key);
            return gone.gone(reader.text(), reader.time());
        });
    }

    /** Deletes the entries that {@code expired} says are gone: a full scan, resumed step by step. */
    <K, V> int where(KeyValueStore<K, V> store, BiPredicate<K, V> expired) {
        return scan(store, expired);
    }

    /**
     * Deletes the entries in [from, to] that {@code expired} says are gone: a scan of that range, resumed step by step.
     * For keys that start with a time and expire by the clock of a later part (a country): the range ends where the
     * latest clock ends, and an entry of a country whose clock lags is kept.
     */
    <V> int rangeWhere(KeyValueStore<Bytes, V> store, Bytes from, Bytes to, BiPredicate<Bytes, V> expired) {
        return scan(store, from, to, expired);
    }

    private <K, V> int scan(KeyValueStore<K, V> store, BiPredicate<K, V> expired) {
        return scan(store, null, null, expired);
    }

    @SuppressWarnings("unchecked")
    private <K, V> int scan(KeyValueStore<K, V> store, K from, K to, BiPredicate<K, V> expired) {
        K after = (K) resumeAfter.remove(store.name());
        List<K> gone = new ArrayList<>();
        K last = null;
        boolean done = true;
        K start = after != null ? after : from;
        try (KeyValueIterator<K, V> it = start == null && to == null ? store.all() : store.range(start, to)) {
            while (it.hasNext()) {
                if (left <= 0) {
                    done = false;
                    break;
                }
                KeyValue<K, V> kv = it.next();
                left--;
                if (after != null && last == null && kv.key.equals(after)) {
                    last = kv.key; // the range starts at the key already read
                    continue;
                }
                last = kv.key;
                if (expired.test(kv.key, kv.value)) {
                    gone.add(kv.key);
                }
            }
        }
        if (!done && last != null) {
            resumeAfter.put(store.name(), last);
        }
        gone.forEach(key -> delete(store, key));
        return gone.size();
    }
}

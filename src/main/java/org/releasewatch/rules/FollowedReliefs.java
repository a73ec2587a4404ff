package org.releasewatch.rules;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongPredicate;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Which reliefs of {@link AlertTopology#LINKED_RELIEF_STORE} LINKED_RELIEF still follows (fired, not closed, with a
 * thread), per country, with each relief's time. Every release of a country asks for them; read from the store, that
 * was a range over every relief the country ever had, each decoded from JSON, and it held the stream thread longer
 * than everything else together. This is derived state only: made from the store before the task's first record
 * (after its restore, so a restart finds the same), and kept by every write and delete of the rule and by the purge
 * (which deletes from the store alone: what it deleted is forgotten after each step), so it holds exactly the
 * store's followed reliefs.
 */
final class FollowedReliefs {

    /**
     * Per country, key → the relief's state as last written, in the store's key order (bytewise, as RocksDB and the
     * in-memory store): held decoded, so a release reads no JSON for the reliefs it may move.
     */
    private final Map<String, TreeMap<Bytes, ReliefState>> byCountry = new HashMap<>();

    static boolean followed(ReliefState state) {
        return state.fired() && !state.closed() && !state.messages().isEmpty();
    }

    private static long timeOf(ReliefState state) {
        return state.sanction().occurredAt().toEpochMilli();
    }

    /** Forgets everything, before it is rebuilt by {@link #wrote} of every relief in the store. */
    void clear() {
        byCountry.clear();
    }

    /** Rebuilt from {@code reliefs} (every relief of a store). */
    void rebuild(Iterable<KeyValue<Bytes, ReliefState>> reliefs) {
        clear();
        reliefs.forEach(kv -> wrote(kv.key, kv.value));
    }

    /** {@code state} was written under {@code key}. */
    void wrote(Bytes key, ReliefState state) {
        String country = StateKey.read(key).text();
        if (followed(state)) {
            byCountry.computeIfAbsent(country, c -> new TreeMap<>()).put(key, state);
        } else {
            deleted(key);
        }
    }

    void deleted(Bytes key) {
        String country = StateKey.read(key).text();
        TreeMap<Bytes, ReliefState> keys = byCountry.get(country);
        if (keys != null) {
            keys.remove(key);
            if (keys.isEmpty()) {
                byCountry.remove(country);
            }
        }
    }

    /** The followed reliefs of {@code country} whose time {@code wanted} accepts, in key order. */
    List<KeyValue<Bytes, ReliefState>> of(String country, LongPredicate wanted) {
        TreeMap<Bytes, ReliefState> keys = byCountry.get(country);
        if (keys == null) {
            return List.of();
        }
        List<KeyValue<Bytes, ReliefState>> found = new ArrayList<>();
        keys.forEach((key, state) -> {
            if (wanted.test(timeOf(state))) {
                found.add(KeyValue.pair(key, state));
            }
        });
        return found;
    }

    /**
     * Forgets the reliefs {@code expired} (country, time) says may have been purged and {@code store} no longer holds:
     * the purge deletes in bounded steps, so one it has not reached yet stays.
     */
    void forgetPurged(BiPredicate<String, Long> expired, Function<Bytes, ReliefState> store) {
        byCountry.entrySet().removeIf(e -> {
            e.getValue().entrySet().removeIf(kv -> expired.test(e.getKey(), timeOf(kv.getValue())) && store.apply(kv.getKey()) == null);
            return e.getValue().isEmpty();
        });
    }

    /** How many reliefs are followed, over every country (for tests). */
    int size() {
        return byCountry.values().stream().mapToInt(Map::size).sum();
    }
}

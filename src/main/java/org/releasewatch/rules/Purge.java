package org.releasewatch.rules;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * Freeing the space of expired state. The rules decide what has expired on every read, against the
 * {@link RuleClock}; purging only deletes what they would no longer read, so when it runs (a wall-clock
 * punctuation, see {@link #EVERY}) never changes an alert. Wall-clock rather than stream-time: a task whose
 * input has gone quiet still frees its state.
 */
final class Purge {

    /** How often each rule's punctuator looks for expired state. */
    static final Duration EVERY = Duration.ofSeconds(30);

    private Purge() {
    }

    /** Deletes every key in [from, to]. */
    static int range(KeyValueStore<Bytes, ?> store, Bytes from, Bytes to) {
        List<Bytes> gone = new ArrayList<>();
        try (KeyValueIterator<Bytes, ?> it = store.range(from, to)) {
            it.forEachRemaining(kv -> gone.add(kv.key));
        }
        gone.forEach(store::delete);
        return gone.size();
    }

    /**
     * For keys that start with a text (a country, a person id) followed by a time: deletes, under each
     * leading text, the keys whose time is before {@code timeBefore}. One range per distinct leading text.
     */
    static int perLeadingText(KeyValueStore<Bytes, ?> store, long timeBefore) {
        int deleted = 0;
        Bytes from = null;
        while (true) {
            String lead;
            try (KeyValueIterator<Bytes, ?> it = from == null ? store.all() : store.range(from, null)) {
                if (!it.hasNext()) {
                    return deleted;
                }
                lead = StateKey.read(it.next().key).text();
            }
            deleted += range(store, StateKey.of().text(lead).time(Long.MIN_VALUE).bytes(),
                    StateKey.of().text(lead).time(timeBefore).bytes());
            from = StateKey.after(StateKey.of().text(lead).bytes());
        }
    }

    /**
     * For keys that start with a text followed by a time, where most texts lead only a few keys (a person id):
     * deletes the keys whose time is before {@code timeBefore} in one pass. {@link #perLeadingText} would open
     * two iterators per text, which for tens of thousands of persons held the stream thread for seconds.
     */
    static int scanLeadingTextThenTime(KeyValueStore<Bytes, ?> store, long timeBefore) {
        List<Bytes> gone = new ArrayList<>();
        try (KeyValueIterator<Bytes, ?> it = store.all()) {
            while (it.hasNext()) {
                Bytes key = it.next().key;
                StateKey.Reader reader = StateKey.read(key);
                reader.skipText();
                if (reader.time() < timeBefore) {
                    gone.add(key);
                }
            }
        }
        gone.forEach(store::delete);
        return gone.size();
    }

    /** Deletes every entry of the store that {@code expired} says is gone: a full scan, for small stores or rare runs. */
    static <K, V> int where(KeyValueStore<K, V> store, BiPredicate<K, V> expired) {
        List<K> gone = new ArrayList<>();
        try (KeyValueIterator<K, V> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<K, V> kv = it.next();
                if (expired.test(kv.key, kv.value)) {
                    gone.add(kv.key);
                }
            }
        }
        gone.forEach(store::delete);
        return gone.size();
    }
}

package org.releasewatch.rules;

import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The state stores of one topology build, RocksDB ({@code persistent}) or in memory with the same order and
 * semantics, for tests that build thousands of topologies. A store several processors share (the
 * {@link AlertTopology#CLOCK_STORE}) is one builder object per build: Kafka Streams accepts a store from several
 * suppliers' {@code stores()} only when it is the very same builder.
 */
final class RuleStores {

    private final boolean persistent;
    private StoreBuilder<KeyValueStore<String, Long>> clock;
    private StoreBuilder<KeyValueStore<String, ThreadLog>> threads;
    private StoreBuilder<KeyValueStore<Bytes, byte[]>> watchlistReleases;
    private StoreBuilder<KeyValueStore<Bytes, List<ReleasedPerson>>> countryReleases;

    RuleStores(boolean persistent) {
        this.persistent = persistent;
    }

    /**
     * The {@link RuleClock}s, shared by every rule and by {@link AlertOnce}; cached, as it is read and written by
     * every record.
     */
    StoreBuilder<KeyValueStore<String, Long>> clock() {
        if (clock == null) {
            clock = cached(AlertTopology.CLOCK_STORE, Serdes.String(), Serdes.Long());
        }
        return clock;
    }

    /**
     * The {@link ThreadLog}s, written by {@link AlertOnce} and read by the rules that continue a thread after a
     * retraction.
     */
    StoreBuilder<KeyValueStore<String, ThreadLog>> threads() {
        if (threads == null) {
            threads = keyValue(AlertTopology.THREADS_STORE, Serdes.String(), org.releasewatch.json.JsonSerde.of(ThreadLog.class));
        }
        return threads;
    }

    /**
     * {@link AlertTopology#WATCHLIST_RECENT_RELEASES_STORE}: a value per person ({@link KeptReleases}) that also holds
     * the person's clock, read by {@link PersonClock} wherever that clock is.
     */
    StoreBuilder<KeyValueStore<Bytes, byte[]>> watchlistReleases() {
        if (watchlistReleases == null) {
            watchlistReleases = keyValue(AlertTopology.WATCHLIST_RECENT_RELEASES_STORE, Serdes.Bytes(), Serdes.ByteArray());
        }
        return watchlistReleases;
    }

    /**
     * The {@link CountryReleases}, written by MASS_RELEASE and read by LINKED_RELIEF; cached, so the writes of one
     * chunk of a day's persons within a commit are one changelog record.
     */
    StoreBuilder<KeyValueStore<Bytes, List<ReleasedPerson>>> countryReleases() {
        if (countryReleases == null) {
            countryReleases = cached(AlertTopology.COUNTRY_RELEASES_STORE, Serdes.Bytes(), new ReleasedPersonsSerde());
        }
        return countryReleases;
    }

    /**
     * A key-value store whose entries expire by the RuleClocks alone (window stores drop segments by their own
     * observed time, which may disagree with what a rule still accepts).
     */
    <K, V> StoreBuilder<KeyValueStore<K, V>> keyValue(String name, Serde<K> keys, Serde<V> values) {
        return Stores.keyValueStoreBuilder(persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name),
                keys, values);
    }

    /** {@link #keyValue} with a cache: a commit writes each key once to the store and its changelog. */
    <K, V> StoreBuilder<KeyValueStore<K, V>> cached(String name, Serde<K> keys, Serde<V> values) {
        return keyValue(name, keys, values).withCachingEnabled();
    }

    /**
     * A window store whose changelog records carry the time they were written (LogAppendTime), not their
     * event time: the broker deletes changelog segments by record time (retention + 1 day), so with event
     * times it dropped the state of every event older than that by the wall clock at its next retention
     * check, and a task restored after a crash lost it. The store itself still keeps and expires its
     * windows by event time; restoring reads the key's time.
     */
    <V> StoreBuilder<WindowStore<String, V>> window(String name, Duration retention, Duration window, Serde<V> values) {
        return Stores.windowStoreBuilder(persistent ? Stores.persistentWindowStore(name, retention, window, false)
                                : Stores.inMemoryWindowStore(name, retention, window, false), Serdes.String(), values)
                .withLoggingEnabled(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"));
    }
}

package org.releasewatch.api;

import jakarta.inject.Singleton;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.releasewatch.config.RulesConfig;
import org.releasewatch.model.Alert;
import org.releasewatch.rules.AlertTopology;
import org.releasewatch.rules.DayTally;
import org.releasewatch.rules.RuleQueries;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.releasewatch.rules.ReliefState;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Interactive queries of this instance's own partitions of the topology's stores — the rules' state
 * itself, no second copy. {@link ApiRouting} combines the answers of all instances.
 */
@Singleton
public class StateQueries {

    private final KafkaStreams streams;
    private final RulesConfig rules;
    private final org.releasewatch.config.HistoryConfig history;
    private final org.releasewatch.config.TopicsConfig topics;

    public StateQueries(KafkaStreams streams, RulesConfig rules, org.releasewatch.config.HistoryConfig history,
                        org.releasewatch.config.TopicsConfig topics) {
        this.history = history;
        this.streams = streams;
        this.rules = rules;
        this.topics = topics;
    }

    private <V> ReadOnlyWindowStore<String, V> windowStore(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>windowStore()));
    }

    /**
     * Alerts emitted at or after {@code since} that pass {@code filter}, newest first, at most {@code limit}.
     * The history is read newest segment first (a window store keeps one segment per half retention, in time
     * order, each sorted by alert id), and reading stops at the first older segment once {@code limit} alerts
     * are found: everything in it is older than those. Memory holds at most {@code limit} alerts.
     */
    public List<Alert> recentAlerts(Instant since, Predicate<Alert> filter, int limit) {
        long segment = historySegmentMillis();
        java.util.PriorityQueue<Alert> newest = new java.util.PriorityQueue<>(NEWEST_FIRST.reversed());
        // per partition: a store over all of them would interleave their segments
        for (int partition : localAlertPartitions()) {
            ReadOnlyWindowStore<String, Alert> history = streams.store(StoreQueryParameters.fromNameAndType(
                    AlertTopology.ALERT_HISTORY_STORE, QueryableStoreTypes.<String, Alert>windowStore()).withPartition(partition));
            int found = 0;
            try (KeyValueIterator<Windowed<String>, Alert> it = history.backwardFetchAll(since, Instant.now().plusSeconds(86_400))) {
                long current = Long.MAX_VALUE;
                while (it.hasNext()) {
                    KeyValue<Windowed<String>, Alert> kv = it.next();
                    long segmentOf = kv.key.window().start() / segment;
                    if (segmentOf < current) {
                        if (found >= limit) {
                            break; // the rest of this partition is older than its newest `limit`
                        }
                        current = segmentOf;
                    }
                    if (filter.test(kv.value)) {
                        found++;
                        newest.add(kv.value);
                        if (newest.size() > limit) {
                            newest.poll();
                        }
                    }
                }
            }
        }
        return newestFirst(new ArrayList<>(newest), limit);
    }

    /** Partitions of the alerts topic whose history this instance holds (its active tasks). */
    private java.util.Set<Integer> localAlertPartitions() {
        java.util.Set<Integer> partitions = new java.util.TreeSet<>();
        streams.metadataForLocalThreads().forEach(thread -> thread.activeTasks().forEach(task -> task.topicPartitions()
                .forEach(tp -> {
                    if (tp.topic().equals(topics.alerts())) {
                        partitions.add(tp.partition());
                    }
                })));
        return partitions;
    }

    /** The segment interval Kafka Streams gives a persistent window store: half its retention, at least a minute. */
    private long historySegmentMillis() {
        return Math.max(rules.historyRetention().toMillis() / 2, 60_000L);
    }

    static final Comparator<Alert> NEWEST_FIRST = Comparator.comparing(Alert::emittedAt).reversed().thenComparing(Alert::id);

    /** The oldest {@code limit} alerts emitted at or after {@code since}, oldest first (a page of a stream's catch-up). */
    public List<Alert> oldestAlerts(Instant since, int limit) {
        ReadOnlyWindowStore<String, Alert> history = windowStore(AlertTopology.ALERT_HISTORY_STORE);
        // bounded memory: a heap of the limit oldest, whatever the store holds
        java.util.PriorityQueue<Alert> oldest = new java.util.PriorityQueue<>(OLDEST_FIRST.reversed());
        try (KeyValueIterator<Windowed<String>, Alert> it = history.fetchAll(since, Instant.now().plusSeconds(86_400))) {
            it.forEachRemaining(kv -> {
                oldest.add(kv.value);
                if (oldest.size() > limit) {
                    oldest.poll();
                }
            });
        }
        return oldestFirst(new ArrayList<>(oldest), limit);
    }

    static final Comparator<Alert> OLDEST_FIRST = Comparator.comparing(Alert::emittedAt).thenComparing(Alert::id);

    public static List<Alert> oldestFirst(List<Alert> alerts, int limit) {
        return alerts.stream().sorted(OLDEST_FIRST).limit(limit).toList();
    }

    public static List<Alert> newestFirst(List<Alert> alerts, int limit) {
        return alerts.stream().sorted(NEWEST_FIRST).limit(limit).toList();
    }

    public Optional<Alert> alert(String id) {
        ReadOnlyWindowStore<String, Alert> history = windowStore(AlertTopology.ALERT_HISTORY_STORE);
        try (WindowStoreIterator<Alert> it = history.fetch(id, Instant.EPOCH, Instant.now().plusSeconds(86_400))) {
            Alert found = null;
            while (it.hasNext()) {
                found = it.next().value;
            }
            return Optional.ofNullable(found);
        }
    }

    /**
     * Distinct persons released from {@code country} on the UTC {@code date}: the rules' running tally, else the day
     * history, or gone when the day is older than the history keeps.
     */
    public org.releasewatch.rules.MassReleaseRule.DayAnswer releases(String country, LocalDate date) {
        return RuleQueries.day(keyValueStore(AlertTopology.MASS_RELEASE_STORE), keyValueStore(AlertTopology.DAY_HISTORY_STORE),
                streams.store(StoreQueryParameters.fromNameAndType(AlertTopology.CLOCK_STORE,
                        QueryableStoreTypes.<String, Long>keyValueStore())),
                history.retention(), country, windowOf(date));
    }

    /** How long the day history keeps a day, for the answer that it no longer does. */
    public java.time.Duration historyRetention() {
        return history.retention();
    }

    /** Start of the MASS_RELEASE window that holds the start of {@code date}. */
    public Instant windowOf(LocalDate date) {
        long size = rules.massWindow().toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli(), size) * size);
    }

    /** Distinct persons released per country and window, for windows starting in [from, to]. */
    public java.util.Map<String, java.util.Map<Instant, Integer>> releasesByWindow(Instant from, Instant to) {
        return RuleQueries.countsByWindow(keyValueStore(AlertTopology.MASS_RELEASE_STORE), from, to);
    }

    /** Reliefs LINKED_RELIEF knows, fired (linked to releases) or still pending, of one country or all. */
    public List<ReliefState> links(Optional<String> country) {
        return RuleQueries.reliefs(keyValueStore(AlertTopology.LINKED_RELIEF_STORE), country);
    }

    private <V> ReadOnlyKeyValueStore<Bytes, V> keyValueStore(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<Bytes, V>keyValueStore()));
    }
}

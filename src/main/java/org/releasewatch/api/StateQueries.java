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

    public StateQueries(KafkaStreams streams, RulesConfig rules) {
        this.streams = streams;
        this.rules = rules;
    }

    private <V> ReadOnlyWindowStore<String, V> windowStore(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>windowStore()));
    }

    /** Alerts emitted at or after {@code since} that pass {@code filter}, newest first, at most {@code limit}. */
    public List<Alert> recentAlerts(Instant since, Predicate<Alert> filter, int limit) {
        List<Alert> out = new ArrayList<>();
        ReadOnlyWindowStore<String, Alert> history = windowStore(AlertTopology.ALERT_HISTORY_STORE);
        try (KeyValueIterator<Windowed<String>, Alert> it = history.fetchAll(since, Instant.now().plusSeconds(86_400))) {
            it.forEachRemaining(kv -> {
                if (filter.test(kv.value)) {
                    out.add(kv.value);
                }
            });
        }
        return newestFirst(out, limit);
    }

    public static List<Alert> newestFirst(List<Alert> alerts, int limit) {
        return alerts.stream()
                .sorted(Comparator.comparing(Alert::emittedAt).reversed().thenComparing(Alert::id))
                .limit(limit).toList();
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

    /** Distinct persons released from {@code country} on the UTC {@code date}, from the MASS_RELEASE store. */
    public DayTally releases(String country, LocalDate date) {
        return RuleQueries.day(keyValueStore(AlertTopology.MASS_RELEASE_STORE), country, windowOf(date));
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

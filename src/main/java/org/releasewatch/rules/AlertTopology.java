package org.releasewatch.rules;

import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.releasewatch.config.HistoryConfig;
import org.releasewatch.config.RulesConfig;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.JsonSerde;
import org.releasewatch.model.Alert;
import org.releasewatch.model.EventCodec;
import org.releasewatch.model.IngestedEvent;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.model.WatchlistEntry;

import java.time.Duration;
import java.util.Map;

/**
 * The four alert rules of the contract as one Kafka Streams topology, a pure function of its
 * configuration. Input: the internal events topic (validated releases and sanctions keyed by country,
 * event time from {@code occurredAt}), ingest's copy of each release keyed by person id
 * (internal releases-by-person) and the internal watchlist (keyed by person id), all in the binary form of
 * {@link EventCodec} but the watchlist. Output: the alerts topic, keyed by country, each alert id once
 * ({@link AlertOnce}).
 *
 * <pre>
 * releases-by-person ────────────────────────────────────────────────┐
 *                                     watchlist (by person) ─────────┴─ WATCHLIST_RELEASE ──┐
 * events-by-country ─┬─ releases ── mass-release (tally, persons) ── MASS_RELEASE ─────────┤
 *                    ├─ sanctions ── SANCTIONS_CHANGE ──────────────────────────────────────┼─ alert-once ─► alerts
 *                    └─ linked-relief (reliefs, waiting, releases) ── LINKED_RELIEF ────────┘
 * </pre>
 *
 * A second, separate sub-topology reads the alerts topic back into the queryable alert history.
 *
 * Every source, processor, store and sink has an explicit name, so a change does not silently rename state.
 * There is no repartition topic: ingest writes a release by country and by person in one transaction, so a
 * person's releases and watchlist entry meet in one task whatever order they arrive in, one transactional hop
 * after ingest. The three internal topics must have the same number of partitions ({@link CoPartitioning}
 * checks it at start-up). Time is per country and per person: the {@link RuleClock}s in {@link #CLOCK_STORE}.
 */
public final class AlertTopology {

    public static final String CLOCK_STORE = "rules-clock";
    public static final String MASS_RELEASE_STORE = "mass-release-tally";
    public static final String MASS_RELEASE_PERSONS_STORE = "mass-release-persons";
    public static final String LINKED_RELIEF_STORE = "linked-relief-reliefs";
    public static final String LINKED_RELEASES_STORE = "linked-relief-releases";
    public static final String LINKED_WAITING_STORE = "linked-relief-waiting";
    public static final String ALERT_IDS_STORE = "alert-ids-emitted";
    /** Per country, day, issuer and target: the runs of sanctions actions ({@link SanctionOccurrences}). */
    public static final String SANCTION_OCCURRENCES_STORE = "sanctions-change-occurrences";
    public static final String WATCHLIST_STORE = "watchlist";
    public static final String WATCHLIST_RECENT_RELEASES_STORE = "watchlist-recent-releases";
    public static final String RELEASES_BY_PERSON = "releases-by-person";
    public static final String ALERT_HISTORY_STORE = "alert-history";
    /** Per country and MASS_RELEASE window (a UTC day): the day's figures, kept {@code releasewatch.history.retention}. */
    public static final String DAY_HISTORY_STORE = "release-day-history";
    /** Per country, day and person: a report that came after its day closed ({@link LateDays}), kept as the history. */
    public static final String LATE_PERSONS_STORE = "release-day-late-persons";

    private static final Duration POINT = Duration.ofMillis(1);

    private AlertTopology() {
    }

    public static Topology build(StreamsBuilder builder, TopicsConfig topics, RulesConfig rules, RuleMetrics metrics) {
        return build(builder, topics, rules, HistoryConfig.defaults(), metrics, true);
    }

    public static Topology build(StreamsBuilder builder, TopicsConfig topics, RulesConfig rules, HistoryConfig history,
                                 RuleMetrics metrics) {
        return build(builder, topics, rules, history, metrics, true);
    }

    static Topology build(StreamsBuilder builder, TopicsConfig topics, RulesConfig rules, RuleMetrics metrics, boolean persistent) {
        return build(builder, topics, rules, HistoryConfig.defaults(), metrics, persistent);
    }

    /**
     * The topology with RocksDB stores ({@code persistent}), or with in-memory stores of the same order and
     * semantics, for tests that build thousands of topologies.
     */
    static Topology build(StreamsBuilder builder, TopicsConfig topics, RulesConfig rules, HistoryConfig history,
                          RuleMetrics metrics, boolean persistent) {
        Serde<String> keys = Serdes.String();
        StoreKind kind = new StoreKind(persistent);
        // the rules' state: key-value stores whose entries expire by the RuleClocks alone (window stores drop
        // segments by their own observed time, which may disagree with what a rule still accepts)
        builder.addStateStore(kind.keyValueStore(CLOCK_STORE, keys, Serdes.Long()).withCachingEnabled());
        // the one store updated by every release with few distinct keys: cached, so a commit writes each
        // country's tally once to RocksDB and the changelog instead of once per release
        builder.addStateStore(kind.keyValueStore(MASS_RELEASE_STORE, Serdes.Bytes(), new DayTallySerde()).withCachingEnabled());
        builder.addStateStore(kind.keyValueStore(MASS_RELEASE_PERSONS_STORE, Serdes.Bytes(), new PersonSightingSerde()));
        // written with the tally, so cached the same way: one record per country and day per commit
        builder.addStateStore(kind.keyValueStore(DAY_HISTORY_STORE, Serdes.Bytes(), new DayTallySerde()).withCachingEnabled());
        builder.addStateStore(kind.keyValueStore(LATE_PERSONS_STORE, Serdes.Bytes(), Serdes.ByteArray()));
        builder.addStateStore(kind.keyValueStore(LINKED_RELIEF_STORE, Serdes.Bytes(), JsonSerde.of(ReliefState.class)));
        builder.addStateStore(kind.keyValueStore(LINKED_RELEASES_STORE, Serdes.Bytes(), new ReleaseMarkSerde()));
        builder.addStateStore(kind.keyValueStore(LINKED_WAITING_STORE, Serdes.Bytes(), EventCodec.sanctions()));
        builder.addStateStore(kind.keyValueStore(ALERT_IDS_STORE, keys, EmittedId.serde()));
        builder.addStateStore(kind.keyValueStore(SANCTION_OCCURRENCES_STORE, Serdes.Bytes(), JsonSerde.of(SanctionOccurrences.class)));
        // values as EventCodec writes them, decoded only when a person is added: the purge's scan reads keys alone
        builder.addStateStore(kind.keyValueStore(WATCHLIST_RECENT_RELEASES_STORE, Serdes.Bytes(), Serdes.ByteArray()));
        builder.addStateStore(kind.keyValueStore(WATCHLIST_STORE, keys, JsonSerde.of(WatchlistEntry.class)));

        KStream<String, IngestedEvent> events = builder.stream(topics.internalEvents(),
                Consumed.with(keys, EventCodec.events())
                        .withTimestampExtractor(new EventTimeExtractor())
                        .withName("events-by-country"))
                .filter(ReportsOnly::report, Named.as("reports-only"));
        KStream<String, PersonEvent> watchlistChanges = builder.stream(topics.internalWatchlist(),
                        Consumed.with(keys, JsonSerde.of(WatchlistEntry.class))
                                .withTimestampExtractor(new WatchlistTimeExtractor()).withName("watchlist-source"))
                .mapValues(PersonEvent::watched, Named.as("watchlist-change"));

        KStream<String, ReleaseEvent> releases = events
                .filter((country, e) -> e.hasRelease(), Named.as("releases-only"))
                .mapValues(IngestedEvent::release, Named.as("release-of"));
        KStream<String, SanctionEvent> sanctions = events
                .filter((country, e) -> !e.hasRelease(), Named.as("sanctions-only"))
                .mapValues(IngestedEvent::sanction, Named.as("sanction-of"));

        // ingest writes each release a second time keyed by person, in the transaction that writes it by country:
        // a WATCHLIST_RELEASE alert is one transactional hop after ingest, not two behind a repartition topic
        KStream<String, Alert> watchlistReleases = builder.stream(topics.internalReleasesByPerson(),
                        Consumed.with(keys, EventCodec.releases()).withTimestampExtractor(new EventTimeExtractor())
                                .withName(RELEASES_BY_PERSON))
                .filter(ReportsOnly::report, Named.as("person-reports-only"))
                .mapValues(PersonEvent::released, Named.as("person-released"))
                .merge(watchlistChanges, Named.as("merge-watchlist-changes"))
                .process(() -> new WatchlistReleaseRule(rules), Named.as("watchlist-release"), WATCHLIST_STORE,
                        WATCHLIST_RECENT_RELEASES_STORE, CLOCK_STORE);
        KStream<String, Alert> massReleases = releases.process(() -> new MassReleaseRule(rules, history, metrics),
                Named.as("mass-release"), MASS_RELEASE_STORE, MASS_RELEASE_PERSONS_STORE, DAY_HISTORY_STORE, LATE_PERSONS_STORE,
                CLOCK_STORE);
        KStream<String, Alert> sanctionsChanges = sanctions.process(() -> new SanctionsChangeRule(rules),
                Named.as("sanctions-change"), SANCTION_OCCURRENCES_STORE, CLOCK_STORE);
        KStream<String, Alert> linkedReliefs = events.process(() -> new LinkedReliefRule(rules),
                Named.as("linked-relief"), LINKED_RELIEF_STORE, LINKED_RELEASES_STORE, LINKED_WAITING_STORE, CLOCK_STORE);

        watchlistReleases
                .merge(massReleases, Named.as("merge-mass-release"))
                .merge(sanctionsChanges, Named.as("merge-sanctions-change"))
                .merge(linkedReliefs, Named.as("merge-linked-relief"))
                .process(() -> new AlertOnce(rules, metrics), Named.as("alert-once"), ALERT_IDS_STORE, CLOCK_STORE)
                .to(topics.alerts(), Produced.with(keys, BoundedAlertSerde.capped()).withName("alerts-sink"));

        builder.addStateStore(kind.windowStore(ALERT_HISTORY_STORE, rules.historyRetention(), POINT, JsonSerde.of(Alert.class)));
        builder.stream(topics.alerts(), Consumed.with(keys, JsonSerde.of(Alert.class))
                        .withTimestampExtractor(new AlertTimeExtractor()).withName("alerts-source"))
                .process(AlertHistory::new, Named.as("alert-history"), ALERT_HISTORY_STORE);
        return builder.build();
    }

    private record StoreKind(boolean persistent) {

        <K, V> StoreBuilder<KeyValueStore<K, V>> keyValueStore(String name, Serde<K> keys, Serde<V> values) {
            return Stores.keyValueStoreBuilder(persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name),
                    keys, values);
        }

        /**
         * A window store whose changelog records carry the time they were written (LogAppendTime), not their
         * event time: the broker deletes changelog segments by record time (retention + 1 day), so with event
         * times it dropped the state of every event older than that by the wall clock at its next retention
         * check, and a task restored after a crash lost it. The store itself still keeps and expires its
         * windows by event time; restoring reads the key's time.
         */
        <V> StoreBuilder<WindowStore<String, V>> windowStore(String name, Duration retention, Duration window, Serde<V> values) {
            return Stores.windowStoreBuilder(persistent ? Stores.persistentWindowStore(name, retention, window, false)
                                    : Stores.inMemoryWindowStore(name, retention, window, false), Serdes.String(), values)
                    .withLoggingEnabled(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"));
        }
    }
}

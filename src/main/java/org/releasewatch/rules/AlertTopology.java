package org.releasewatch.rules;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.releasewatch.config.HistoryConfig;
import org.releasewatch.config.RulesConfig;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.JsonSerde;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.EventCodec;
import org.releasewatch.model.IngestedEvent;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.model.WatchlistEntry;


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
 * events-by-country ─┬─ releases ── mass-release (tally, country releases) ── MASS_RELEASE ─┤
 *                    ├─ sanctions ── SANCTIONS_CHANGE ──────────────────────────────────────┼─ alert-once ─► alerts
 *                    └─ linked-relief (reliefs, waiting, country releases) ── LINKED_RELIEF ┘
 * </pre>
 *
 * Each rule is a {@link RuleUnit}: the stream it reads and a processor whose supplier declares the rule's state
 * stores; {@link #unit} lists them, one per {@link AlertRule}. A second, separate sub-topology reads the alerts topic
 * back into the queryable alert history.
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
    /** Per country, UTC day and bucket of persons: the releases MASS_RELEASE and LINKED_RELIEF read ({@link CountryReleases}). */
    public static final String COUNTRY_RELEASES_STORE = "country-recent-releases";
    public static final String LINKED_RELIEF_STORE = "linked-relief-reliefs";
    public static final String LINKED_WAITING_STORE = "linked-relief-waiting";
    public static final String ALERT_IDS_STORE = "alert-ids-emitted";
    /** Per thread: the ids of its messages on the topic ({@link ThreadLog}), kept as the ids are. */
    public static final String THREADS_STORE = "alert-threads";
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
        RuleSetup setup = new RuleSetup(rules, history, metrics, new RuleStores(persistent));

        KStream<String, IngestedEvent> events = builder.stream(topics.internalEvents(),
                Consumed.with(keys, EventCodec.events())
                        .withTimestampExtractor(new EventTimeExtractor())
                        .withName("events-by-country"))
                .process(RetractionGate.byCountry(setup), Named.as("retraction-gate"));
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
        KStream<String, PersonEvent> persons = builder.stream(topics.internalReleasesByPerson(),
                        Consumed.with(keys, EventCodec.releases()).withTimestampExtractor(new EventTimeExtractor())
                                .withName(RELEASES_BY_PERSON))
                .process(RetractionGate.byPerson(setup), Named.as("person-retraction-gate"))
                .mapValues(PersonEvent::released, Named.as("person-released"))
                .merge(watchlistChanges, Named.as("merge-watchlist-changes"));
        RuleInputs inputs = new RuleInputs(events, releases, sanctions, persons);

        KStream<String, Alert> alerts = null;
        for (AlertRule rule : AlertRule.values()) {
            RuleUnit<?> unit = unit(rule, setup);
            KStream<String, Alert> more = unit.alerts(inputs);
            alerts = alerts == null ? more : alerts.merge(more, Named.as("merge-" + unit.name()));
        }
        alerts.process(AlertOnce.supplier(setup), Named.as("alert-once"))
                .to(topics.alerts(), Produced.with(keys, BoundedAlertSerde.capped()).withName("alerts-sink"));

        builder.stream(topics.alerts(), Consumed.with(keys, JsonSerde.of(Alert.class))
                        .withTimestampExtractor(new AlertTimeExtractor()).withName("alerts-source"))
                .process(AlertHistory.supplier(setup), Named.as("alert-history"));
        return builder.build();
    }

    /**
     * The unit of each rule, in the order their alerts are merged (that of {@link AlertRule}): a rule without a unit
     * does not compile.
     */
    static RuleUnit<?> unit(AlertRule rule, RuleSetup setup) {
        return switch (rule) {
            case WATCHLIST_RELEASE -> WatchlistReleaseRule.unit(setup);
            case MASS_RELEASE -> MassReleaseRule.unit(setup);
            case SANCTIONS_CHANGE -> SanctionsChangeRule.unit(setup);
            case LINKED_RELIEF -> LinkedReliefRule.unit(setup);
        };
    }
}

package org.releasewatch.rules;

import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.releasewatch.config.RulesConfig;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.JsonSerde;
import org.releasewatch.model.EventCodec;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.IngestedEvent;
import org.releasewatch.model.Person;
import org.releasewatch.model.Priority;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.SanctionAction;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.model.SanctionTarget;
import org.releasewatch.model.Source;
import org.releasewatch.model.WatchlistEntry;

import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** The rules topology in a TopologyTestDriver, with the inputs as the ingest path writes them. */
final class RulesDriver implements AutoCloseable {

    static final TopicsConfig TOPICS = TopicsConfig.defaults();

    final List<String> lateCountries = new ArrayList<>();
    final List<AlertRule> tooOld = new ArrayList<>();
    private final RulesConfig rules;
    private final RuleMetrics metrics;
    private final boolean persistent;
    private TopologyTestDriver driver;
    private TestInputTopic<String, IngestedEvent> events;
    private TestInputTopic<String, ReleaseEvent> releasesByPerson;
    private TestInputTopic<String, WatchlistEntry> watchlist;
    private TestOutputTopic<String, Alert> alerts;

    RulesDriver() {
        this(RulesConfig.defaults());
    }

    RulesDriver(RulesConfig rules) {
        this(rules, true);
    }

    /** With RocksDB stores ({@code persistent}, as the service runs), or in-memory ones for many quick runs. */
    RulesDriver(RulesConfig rules, boolean persistent) {
        RuleMetrics metrics = new RuleMetrics() {
            @Override
            public void lateReleaseNotCounted(String country) {
                lateCountries.add(country);
            }

            @Override
            public void alertEmitted(Alert alert, java.time.Instant ingestedAt) {
            }

            @Override
            public void alertTooOldToDeduplicate(AlertRule rule) {
                tooOld.add(rule);
            }
        };
        this.rules = rules;
        this.metrics = metrics;
        this.persistent = persistent;
        open();
    }

    private void open() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "rules-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try {
            props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("rules-test").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        driver = new TopologyTestDriver(AlertTopology.build(new StreamsBuilder(), TOPICS, rules, metrics, persistent), props, START);
        events = driver.createInputTopic(TOPICS.internalEvents(), new StringSerializer(), EventCodec.events().serializer());
        releasesByPerson = driver.createInputTopic(TOPICS.internalReleasesByPerson(), new StringSerializer(), EventCodec.releases().serializer());
        watchlist = driver.createInputTopic(TOPICS.internalWatchlist(), new StringSerializer(), JsonSerde.of(WatchlistEntry.class).serializer());
        alerts = driver.createOutputTopic(TOPICS.alerts(), new StringDeserializer(), JsonSerde.of(Alert.class).deserializer());
    }

    /** The wall clock the driver starts at (punctuations are relative to it). */
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /**
     * A restart as after a crash right after a commit: new processors (nothing they held in memory
     * survives) over the state the stores had, as a restore from the changelogs gives it.
     * Alerts written before and not yet read are kept for {@link #alerts()}.
     */
    RulesDriver restart() {
        List<org.apache.kafka.streams.test.TestRecord<String, Alert>> unread = alerts.readRecordsToList();
        TopologyTestDriver old = driver;
        open();
        StateCopy.copy(old, driver);
        old.close();
        pendingAlerts.addAll(unread.stream().map(org.apache.kafka.streams.test.TestRecord::getValue).toList());
        return this;
    }

    private final List<Alert> pendingAlerts = new ArrayList<>();

    /** Lets the wall clock pass one purge interval: every rule frees its expired state. */
    RulesDriver purge() {
        driver.advanceWallClockTime(Purge.EVERY);
        return this;
    }

    /** Lets the wall clock pass one step of a purge pass that ran out of budget. */
    RulesDriver purgeStep() {
        driver.advanceWallClockTime(Purge.AGAIN);
        return this;
    }

    /** Piped with the wall-clock time, as the ingest writes it: it must not move event time. */
    RulesDriver watch(String personId, String name, Priority priority) {
        watchlist.pipeInput(personId, new WatchlistEntry(personId, name, priority, null));
        return this;
    }

    RulesDriver watch(WatchlistEntry entry) {
        watchlist.pipeInput(entry.personId(), entry);
        return this;
    }

    RulesDriver unwatch(String personId) {
        watchlist.pipeInput(personId, null);
        return this;
    }

    /** As ingest writes a release: by country, then by person. */
    RulesDriver release(ReleaseEvent release) {
        events.pipeInput(release.country(), IngestedEvent.of(release));
        releasesByPerson.pipeInput(release.person().id(), release);
        return this;
    }

    /** The release's record on the events topic (keyed by country) alone: a task holding that partition. */
    RulesDriver releaseByCountry(ReleaseEvent release) {
        events.pipeInput(release.country(), IngestedEvent.of(release));
        return this;
    }

    /** The release's record on the releases-by-person topic alone: a task holding that partition. */
    RulesDriver releaseByPerson(ReleaseEvent release) {
        releasesByPerson.pipeInput(release.person().id(), release);
        return this;
    }

    RulesDriver sanction(SanctionEvent sanction) {
        events.pipeInput(sanction.targetCountry(), IngestedEvent.of(sanction));
        return this;
    }

    /** Alerts written since the last call, in order. */
    List<Alert> alerts() {
        List<Alert> out = new ArrayList<>(pendingAlerts);
        pendingAlerts.clear();
        out.addAll(alerts.readValuesToList());
        return out;
    }

    List<String> alertKeys() {
        return alerts.readKeyValuesToList().stream().map(kv -> kv.key).toList();
    }

    KeyValueStore<org.apache.kafka.common.utils.Bytes, DayTally> massStore() {
        return driver.getKeyValueStore(AlertTopology.MASS_RELEASE_STORE);
    }

    <K, V> KeyValueStore<K, V> store(String name) {
        return driver.getKeyValueStore(name);
    }

    /**
     * The records written to the changelog of the store {@code name} since the last call, in order (a null value is
     * a tombstone). The driver flushes every cache after each input record, so a cache's collapsing does not show.
     */
    List<org.apache.kafka.streams.KeyValue<org.apache.kafka.common.utils.Bytes, byte[]>> changelog(String name) {
        TestOutputTopic<byte[], byte[]> topic = driver.createOutputTopic("rules-test-" + name + "-changelog",
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        return topic.readKeyValuesToList().stream()
                .map(kv -> org.apache.kafka.streams.KeyValue.pair(org.apache.kafka.common.utils.Bytes.wrap(kv.key), kv.value))
                .toList();
    }

    /** The event ids of the reliefs LINKED_RELIEF holds as waiting for a release. */
    List<String> pendingReliefs() {
        KeyValueStore<org.apache.kafka.common.utils.Bytes, SanctionEvent> store = driver.getKeyValueStore(AlertTopology.LINKED_WAITING_STORE);
        List<String> ids = new ArrayList<>();
        try (var it = store.all()) {
            it.forEachRemaining(kv -> ids.add(kv.value.eventId()));
        }
        return ids;
    }

    /**
     * The records each store's changelog received since the driver opened (or since the last call), by store name:
     * the driver flushes the record caches after every input record, so a cache's collapsing of writes within one
     * commit is not counted here.
     */
    java.util.Map<String, Integer> changelogRecords() {
        String prefix = "rules-test-";
        String suffix = "-changelog";
        java.util.Map<String, Integer> out = new java.util.TreeMap<>();
        for (String topic : driver.producedTopicNames()) {
            if (topic.startsWith(prefix) && topic.endsWith(suffix)) {
                int n = driver.createOutputTopic(topic, new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer()).readRecordsToList().size();
                out.merge(topic.substring(prefix.length(), topic.length() - suffix.length()), n, Integer::sum);
            }
        }
        return out;
    }

    @Override
    public void close() {
        driver.close();
    }

    // ---- inputs -----------------------------------------------------------------------------------------

    static ReleaseEvent release(String eventId, String at, String country, String personId, String transferredTo) {
        return release(eventId, at, country, personId, transferredTo, null, new Source("Viasna", "https://spring96.org"));
    }

    static ReleaseEvent release(String eventId, String at, String country, String personId, String transferredTo,
                                String agreement, Source source) {
        return new ReleaseEvent(eventId, Instant.parse(at), country, new Person(personId, "Person " + personId, List.of()),
                List.of(), transferredTo, agreement, source);
    }

    static SanctionEvent sanction(String eventId, String at, SanctionAction action, String agreement) {
        return new SanctionEvent(eventId, Instant.parse(at), "US", "BY", action,
                new SanctionTarget("ofac:belaruskali", "Belaruskali", "company"), "potash", "BELARUS-EO14038", agreement,
                new Source("US Treasury OFAC", "https://ofac.treasury.gov"));
    }
}

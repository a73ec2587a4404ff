package org.releasewatch.rules;

import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStore;
import org.releasewatch.config.RulesConfig;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.JsonSerde;
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
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, IngestedEvent> events;
    private final TestInputTopic<String, WatchlistEntry> watchlist;
    private final TestOutputTopic<String, Alert> alerts;

    RulesDriver() {
        this(RulesConfig.defaults());
    }

    RulesDriver(RulesConfig rules) {
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
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "rules-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try {
            props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("rules-test").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        driver = new TopologyTestDriver(AlertTopology.build(new StreamsBuilder(), TOPICS, rules, metrics), props);
        events = driver.createInputTopic(TOPICS.internalEvents(), new StringSerializer(), JsonSerde.of(IngestedEvent.class).serializer());
        watchlist = driver.createInputTopic(TOPICS.internalWatchlist(), new StringSerializer(), JsonSerde.of(WatchlistEntry.class).serializer());
        alerts = driver.createOutputTopic(TOPICS.alerts(), new StringDeserializer(), JsonSerde.of(Alert.class).deserializer());
    }

    /** Piped with the wall-clock time, as the ingest writes it: it must not move event time. */
    RulesDriver watch(String personId, String name, Priority priority) {
        watchlist.pipeInput(personId, new WatchlistEntry(personId, name, priority, null));
        return this;
    }

    RulesDriver unwatch(String personId) {
        watchlist.pipeInput(personId, null);
        return this;
    }

    RulesDriver release(ReleaseEvent release) {
        events.pipeInput(release.country(), IngestedEvent.of(release));
        return this;
    }

    RulesDriver sanction(SanctionEvent sanction) {
        events.pipeInput(sanction.targetCountry(), IngestedEvent.of(sanction));
        return this;
    }

    /** Alerts written since the last call, in order. */
    List<Alert> alerts() {
        return alerts.readValuesToList();
    }

    List<String> alertKeys() {
        return alerts.readKeyValuesToList().stream().map(kv -> kv.key).toList();
    }

    ReadOnlyWindowStore<String, DayTally> massStore() {
        return driver.getWindowStore(AlertTopology.MASS_RELEASE_STORE);
    }

    /** The event ids of the reliefs LINKED_RELIEF holds as waiting for a release. */
    List<String> pendingReliefs() {
        KeyValueStore<String, org.releasewatch.model.SanctionEvent> store = driver.getKeyValueStore(AlertTopology.LINKED_WAITING_STORE);
        List<String> ids = new java.util.ArrayList<>();
        try (var it = store.all()) {
            it.forEachRemaining(kv -> ids.add(kv.value.eventId()));
        }
        return ids;
    }

    /** The window store that held waiting reliefs before {@link AlertTopology#LINKED_WAITING_STORE}. */
    WindowStore<String, org.releasewatch.model.SanctionEvent> pendingBefore() {
        return driver.getWindowStore(AlertTopology.LINKED_PENDING_STORE);
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

package org.releasewatch.rules;

import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.errors.TopologyException;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.junit.jupiter.api.Test;
import org.releasewatch.config.HistoryConfig;
import org.releasewatch.config.RulesConfig;
import org.releasewatch.model.AlertRule;
import org.releasewatch.testing.Fast;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules as units: each declares its own stores, and a store they share is one builder per topology build. */
@Fast
class RuleUnitTest {

    private static final RuleSetup SETUP = new RuleSetup(RulesConfig.defaults(), HistoryConfig.defaults(), RuleMetrics.NONE,
            new RuleStores(false));

    private static List<String> storeNames(StoredSupplier<?, ?, ?, ?> supplier) {
        return supplier.stores().stream().map(StoreBuilder::name).sorted().toList();
    }

    @Test
    void eachRuleDeclaresTheStoresItsProcessorReads() {
        assertThat(storeNames(AlertTopology.unit(AlertRule.WATCHLIST_RELEASE, SETUP).supplier()))
                .containsExactly(AlertTopology.THREADS_STORE, AlertTopology.CLOCK_STORE, AlertTopology.WATCHLIST_STORE,
                        AlertTopology.WATCHLIST_RECENT_RELEASES_STORE);
        assertThat(storeNames(AlertTopology.unit(AlertRule.MASS_RELEASE, SETUP).supplier()))
                .containsExactly(AlertTopology.THREADS_STORE, AlertTopology.COUNTRY_RELEASES_STORE, AlertTopology.MASS_RELEASE_STORE,
                        AlertTopology.DAY_HISTORY_STORE, AlertTopology.LATE_PERSONS_STORE, AlertTopology.CLOCK_STORE);
        assertThat(storeNames(AlertTopology.unit(AlertRule.SANCTIONS_CHANGE, SETUP).supplier()))
                .containsExactly(AlertTopology.THREADS_STORE, AlertTopology.CLOCK_STORE, AlertTopology.SANCTION_OCCURRENCES_STORE);
        assertThat(storeNames(AlertTopology.unit(AlertRule.LINKED_RELIEF, SETUP).supplier()))
                .containsExactly(AlertTopology.COUNTRY_RELEASES_STORE, AlertTopology.LINKED_RELIEF_STORE,
                        AlertTopology.LINKED_WAITING_STORE, AlertTopology.CLOCK_STORE);
        assertThat(storeNames(AlertOnce.supplier(SETUP))).containsExactly(AlertTopology.ALERT_IDS_STORE, AlertTopology.THREADS_STORE,
                AlertTopology.CLOCK_STORE, AlertTopology.WATCHLIST_RECENT_RELEASES_STORE);
        assertThat(storeNames(RetractionGate.byCountry(SETUP))).containsExactly(RetractionGate.BY_COUNTRY_STORE, AlertTopology.CLOCK_STORE);
        assertThat(storeNames(RetractionGate.byPerson(SETUP))).containsExactly(RetractionGate.BY_PERSON_STORE, AlertTopology.CLOCK_STORE,
                AlertTopology.WATCHLIST_RECENT_RELEASES_STORE);
        assertThat(storeNames(AlertHistory.supplier(SETUP))).containsExactly(AlertTopology.ALERT_HISTORY_STORE);
    }

    @Test
    void theClockIsOneBuilderForEveryProcessorThatReadsIt() {
        List<StoreBuilder<?>> clocks = Arrays.stream(AlertRule.values())
                .flatMap(rule -> AlertTopology.unit(rule, SETUP).supplier().stores().stream())
                .filter(store -> store.name().equals(AlertTopology.CLOCK_STORE))
                .toList();
        assertThat(clocks).isNotEmpty().allSatisfy(clock -> assertThat(clock).isSameAs(SETUP.stores().clock()));
        assertThat(AlertOnce.supplier(SETUP).stores()).contains(SETUP.stores().clock());
    }

    @Test
    void theThreadLogsAreOneBuilderForAlertOnceAndEveryRuleThatReadsThem() {
        List<StoreBuilder<?>> threads = Arrays.stream(AlertRule.values())
                .flatMap(rule -> AlertTopology.unit(rule, SETUP).supplier().stores().stream())
                .filter(store -> store.name().equals(AlertTopology.THREADS_STORE))
                .toList();
        assertThat(threads).hasSize(3).allSatisfy(log -> assertThat(log).isSameAs(SETUP.stores().threads()));
        assertThat(AlertOnce.supplier(SETUP).stores()).contains(SETUP.stores().threads());
    }

    @Test
    void thePersonsValuesWithTheirClocksAreOneBuilderForTheRuleTheGateAndAlertOnce() {
        assertThat(AlertTopology.unit(AlertRule.WATCHLIST_RELEASE, SETUP).supplier().stores())
                .contains(SETUP.stores().watchlistReleases());
        assertThat(RetractionGate.byPerson(SETUP).stores()).contains(SETUP.stores().watchlistReleases());
        assertThat(AlertOnce.supplier(SETUP).stores()).contains(SETUP.stores().watchlistReleases());
    }

    @Test
    void theCountrysReleasesAreOneBuilderForMassReleaseAndLinkedRelief() {
        List<StoreBuilder<?>> releases = Arrays.stream(AlertRule.values())
                .flatMap(rule -> AlertTopology.unit(rule, SETUP).supplier().stores().stream())
                .filter(store -> store.name().equals(AlertTopology.COUNTRY_RELEASES_STORE))
                .toList();
        assertThat(releases).hasSize(2).allSatisfy(store -> assertThat(store).isSameAs(SETUP.stores().countryReleases()));
    }

    /** A processor that does nothing, with one store: a new instance per task, as Kafka Streams demands. */
    private static StoredSupplier<String, String, String, String> noop(StoreBuilder<?> store) {
        return StoredSupplier.of(() -> new Processor<>() {
            @Override
            public void process(Record<String, String> record) {
            }
        }, List.of(store));
    }

    @Test
    void kafkaStreamsRefusesTwoBuildersOfOneStoreWhichIsWhyTheClockIsOne() {
        RuleStores stores = new RuleStores(false);
        StoreBuilder<?> other = new RuleStores(false).clock();
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, String> in = builder.stream("in");
        in.process(noop(stores.clock()), Named.as("a"));
        in.process(noop(stores.clock()), Named.as("b"));
        assertThat(builder.build().describe().toString()).contains("Processor: b (stores: [rules-clock])");

        StreamsBuilder twice = new StreamsBuilder();
        KStream<String, String> again = twice.stream("in");
        again.process(noop(stores.clock()), Named.as("a"));
        again.process(noop(other), Named.as("b"));
        assertThatThrownBy(twice::build).isInstanceOf(TopologyException.class).hasMessageContaining("rules-clock");
    }

    @Test
    void theAlertHistoryChangelogKeepsRecordsByTheTimeTheyWereWritten() {
        assertThat(AlertHistory.supplier(SETUP).stores()).singleElement().satisfies(store -> {
            assertThat(store.loggingEnabled()).isTrue();
            assertThat(store.logConfig()).containsEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
        });
    }

    @Test
    void eachRulesProcessorIsNamedAfterItsRule() {
        assertThat(Arrays.stream(AlertRule.values()).map(rule -> AlertTopology.unit(rule, SETUP).name()))
                .startsWith("watchlist-release", "mass-release", "sanctions-change", "linked-relief")
                .allMatch(name -> name.matches("[a-z]+(-[a-z]+)*"));
    }
}

package org.releasewatch.rules;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;
import org.releasewatch.config.RulesConfig;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.testing.Fast;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The shape of the topology: every piece of state and every internal topic has a name that a code change keeps. */
@Fast
class AlertTopologyShapeTest {

    private static final TopicsConfig TOPICS = TopicsConfig.defaults();

    private static List<TopologyDescription.Node> nodes() {
        return AlertTopology.build(new StreamsBuilder(), TOPICS, RulesConfig.defaults(), RuleMetrics.NONE).describe()
                .subtopologies().stream().flatMap(sub -> sub.nodes().stream()).map(TopologyDescription.Node.class::cast).toList();
    }

    @Test
    void everySourceProcessorAndSinkHasAnExplicitName() {
        assertThat(nodes()).extracting(TopologyDescription.Node::name).isNotEmpty()
                .noneMatch(name -> name.matches("KSTREAM-.*-\\d+"));
    }

    @Test
    void everyStoreHasAnExplicitName() {
        assertThat(nodes()).filteredOn(TopologyDescription.Processor.class::isInstance)
                .flatExtracting(n -> ((TopologyDescription.Processor) n).stores())
                .contains(AlertTopology.WATCHLIST_STORE, AlertTopology.MASS_RELEASE_STORE, AlertTopology.ALERT_IDS_STORE)
                .noneMatch(store -> store.matches("KSTREAM-.*-\\d+"));
    }

    @Test
    void noRepartitionTopicTheOnlySinkIsTheAlertsTopic() {
        assertThat(nodes()).filteredOn(TopologyDescription.Sink.class::isInstance)
                .extracting(n -> ((TopologyDescription.Sink) n).topic())
                .containsExactly(TOPICS.alerts());
    }

    @Test
    void theWatchlistReadsIngestsReleasesByPersonInTheTaskOfTheCountryRules() {
        var subtopologies = AlertTopology.build(new StreamsBuilder(), TOPICS, RulesConfig.defaults(), RuleMetrics.NONE)
                .describe().subtopologies();
        assertThat(subtopologies).anySatisfy(sub -> assertThat(sub.nodes())
                .filteredOn(TopologyDescription.Source.class::isInstance)
                .flatExtracting(n -> ((TopologyDescription.Source) n).topicSet())
                .containsExactlyInAnyOrder(TOPICS.internalEvents(), TOPICS.internalWatchlist(), TOPICS.internalReleasesByPerson()));
    }
}

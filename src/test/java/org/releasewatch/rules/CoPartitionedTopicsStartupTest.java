package org.releasewatch.rules;

import org.junit.jupiter.api.Test;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Topics created by someone else with different partition counts: the service does not start (where it
 * would silently lose WATCHLIST_RELEASE alerts), and says which two topics differ and how.
 */
class CoPartitionedTopicsStartupTest {

    @Test
    void aWatchlistTopicWithOtherPartitionsThanTheEventsTopicStopsTheStartNamingBoth() {
        TopicsConfig topics = TestService.uniqueTopics(); // 3 partitions for the topics the service creates
        Topics.create(SharedBroker.bootstrapServers(), 5, topics.internalWatchlist());

        assertThatThrownBy(() -> TestService.start(TestService.properties(topics, TestService.tempDir())).close())
                .rootCause()
                .hasMessageContaining(topics.internalEvents() + " (3 partitions)")
                .hasMessageContaining(topics.internalWatchlist() + " (5 partitions)");
    }
}

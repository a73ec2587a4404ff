package org.releasewatch.config;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.core.type.Argument;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The defaults in code ({@code defaults()}, used by the topology tests) are the values application.yml
 * gives, which the README documents. Reads the environment only: no bean, no Kafka.
 */
class ConfigDefaultsTest {

    @Test
    void applicationYmlHasTheDefaultsTheCodeUses() {
        try (ApplicationContext context = ApplicationContext.builder().build()) {
            Environment env = context.getEnvironment().start();
            RulesConfig rules = RulesConfig.defaults();
            assertThat(env.getProperty("releasewatch.rules.mass-thresholds", Argument.listOf(Integer.class)))
                    .contains(rules.massThresholds());
            assertThat(env.getProperty("releasewatch.rules.mass-window", Duration.class)).contains(rules.massWindow());
            assertThat(env.getProperty("releasewatch.rules.lateness", Duration.class)).contains(rules.lateness());
            assertThat(env.getProperty("releasewatch.rules.link-window", Duration.class)).contains(rules.linkWindow());
            assertThat(env.getProperty("releasewatch.rules.dedup-retention", Duration.class)).contains(rules.dedupRetention());
            assertThat(env.getProperty("releasewatch.rules.history-retention", Duration.class)).contains(rules.historyRetention());

            TopicsConfig topics = TopicsConfig.defaults();
            assertThat(env.getProperty("releasewatch.topics.releases", String.class)).contains(topics.releases());
            assertThat(env.getProperty("releasewatch.topics.sanctions", String.class)).contains(topics.sanctions());
            assertThat(env.getProperty("releasewatch.topics.watchlist", String.class)).contains(topics.watchlist());
            assertThat(env.getProperty("releasewatch.topics.alerts", String.class)).contains(topics.alerts());
            assertThat(env.getProperty("releasewatch.topics.dlq", String.class)).contains(topics.dlq());
            assertThat(env.getProperty("releasewatch.topics.webhook-dlq", String.class)).contains(topics.webhookDlq());
            assertThat(env.getProperty("releasewatch.topics.internal-events", String.class)).contains(topics.internalEvents());
            assertThat(env.getProperty("releasewatch.topics.internal-watchlist", String.class)).contains(topics.internalWatchlist());
            assertThat(env.getProperty("releasewatch.topics.partitions", Integer.class)).contains(topics.partitions());
            assertThat(env.getProperty("kafka.bootstrap.servers", String.class))
                    .as("unset, so that the embedded broker starts").isEmpty();
        }
    }
}

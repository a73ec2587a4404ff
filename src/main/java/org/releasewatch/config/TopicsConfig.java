package org.releasewatch.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Topic names and how missing topics are created ({@code releasewatch.topics.*}). The first six are
 * the contract's; the {@code internal-*} ones are this service's own.
 */
@ConfigurationProperties("releasewatch.topics")
public record TopicsConfig(
        @Bindable(defaultValue = "releasewatch.releases.v1") String releases,
        @Bindable(defaultValue = "releasewatch.sanctions.v1") String sanctions,
        @Bindable(defaultValue = "releasewatch.watchlist.v1") String watchlist,
        @Bindable(defaultValue = "releasewatch.alerts.v1") String alerts,
        @Bindable(defaultValue = "releasewatch.dlq.v1") String dlq,
        @Bindable(defaultValue = "releasewatch.webhook-dlq.v1") String webhookDlq,
        @Bindable(defaultValue = "releasewatch.internal.events-by-country.v1") String internalEvents,
        @Bindable(defaultValue = "releasewatch.internal.watchlist.v1") String internalWatchlist,
        @Bindable(defaultValue = "true") boolean create,
        @Bindable(defaultValue = "3") int partitions,
        @Bindable(defaultValue = "1") short replicationFactor) {

    public static TopicsConfig defaults() {
        return new TopicsConfig("releasewatch.releases.v1", "releasewatch.sanctions.v1", "releasewatch.watchlist.v1",
                "releasewatch.alerts.v1", "releasewatch.dlq.v1", "releasewatch.webhook-dlq.v1",
                "releasewatch.internal.events-by-country.v1", "releasewatch.internal.watchlist.v1", true, 3, (short) 1);
    }
}

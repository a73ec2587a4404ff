package org.releasewatch.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Topic names and how missing topics are created ({@code releasewatch.topics.*}). The first six are
 * the contract's; the {@code internal-*} ones are this service's own. {@code internal-releases-by-person}
 * (ingest's copy of each release keyed by person id, for the watchlist) is named after {@code internal-events}
 * unless set: {@code releasewatch.internal.events-by-country.v1} gives {@code releasewatch.internal.releases-by-person.v1}.
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
        @Bindable(defaultValue = "1") short replicationFactor,
        @Bindable(defaultValue = SOURCE_SNAPSHOTS) String sourceSnapshots,
        @Bindable(defaultValue = SOURCE_COORDINATION) String sourceCoordination,
        @Nullable String internalReleasesByPerson) {

    /** Compacted: the last accepted snapshot of each sanctions list (sources/), per list and entry. */
    public static final String SOURCE_SNAPSHOTS = "releasewatch.source-snapshots.v1";
    /** Never written: the member of a list's consumer group that is assigned its partition 0 fetches the list (sources/). */
    public static final String SOURCE_COORDINATION = "releasewatch.internal.source-coordination.v1";

    @Creator
    public TopicsConfig {
        if (internalReleasesByPerson == null || internalReleasesByPerson.isBlank()) {
            internalReleasesByPerson = internalEvents.contains("events-by-country")
                    ? internalEvents.replace("events-by-country", "releases-by-person")
                    : internalEvents + ".releases-by-person";
        }
    }

    /** The topics without the sources' own (their default names). */
    public TopicsConfig(String releases, String sanctions, String watchlist, String alerts, String dlq, String webhookDlq,
                        String internalEvents, String internalWatchlist, boolean create, int partitions,
                        short replicationFactor) {
        this(releases, sanctions, watchlist, alerts, dlq, webhookDlq, internalEvents, internalWatchlist, create,
                partitions, replicationFactor, SOURCE_SNAPSHOTS, SOURCE_COORDINATION, null);
    }

    public static TopicsConfig defaults() {
        return new TopicsConfig("releasewatch.releases.v1", "releasewatch.sanctions.v1", "releasewatch.watchlist.v1",
                "releasewatch.alerts.v1", "releasewatch.dlq.v1", "releasewatch.webhook-dlq.v1",
                "releasewatch.internal.events-by-country.v1", "releasewatch.internal.watchlist.v1", true, 3, (short) 1);
    }
}

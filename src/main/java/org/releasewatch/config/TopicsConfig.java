package org.releasewatch.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Topic names and how missing topics are created ({@code releasewatch.topics.*}). The first six, acks and
 * silences are the contract's; the {@code internal-*} ones are this service's own. The default names are written in
 * application.yml only, where an operator sees them together: the ingest listeners' {@code @Topic} placeholders
 * read them there, before any configuration bean exists. {@link #defaults()} is the same set for code that
 * builds a topology without configuration (tests, the benchmark); ConfigDefaultsTest keeps the two equal.
 * {@code internal-releases-by-person} (ingest's copy of each release keyed by person id, for the watchlist) is named
 * after {@code internal-events} when a configuration names only that one (as tests do).
 * {@code replication-factor} and {@code min-insync-replicas}, when set, are what every topic the service and Kafka
 * Streams create gets and what existing topics are checked against; unset (null), they follow the cluster's size
 * ({@link org.releasewatch.broker.Replication}).
 */
@ConfigurationProperties("releasewatch.topics")
public record TopicsConfig(
        String releases,
        String sanctions,
        String watchlist,
        String alerts,
        String dlq,
        String webhookDlq,
        String internalEvents,
        String internalWatchlist,
        @Bindable(defaultValue = "true") boolean create,
        @Bindable(defaultValue = "3") int partitions,
        @Nullable Short replicationFactor,
        String sourceSnapshots,
        String sourceCoordination,
        String acks,
        String silences,
        String subscriptions,
        @Nullable String internalReleasesByPerson,
        @Nullable Short minInsyncReplicas) {

    /** Compacted, key subscription id: the webhook and channel subscriptions every instance follows (delivery/). */
    public static final String SUBSCRIPTIONS = "releasewatch.subscriptions.v1";

    /** Compacted: the last accepted snapshot of each sanctions list (sources/), per list and entry. */
    public static final String SOURCE_SNAPSHOTS = "releasewatch.source-snapshots.v1";
    /** Never written: the member of a list's consumer group that is assigned its partition 0 fetches the list (sources/). */
    public static final String SOURCE_COORDINATION = "releasewatch.internal.source-coordination.v1";

    /** Compacted: the operators' acknowledgements, one per alert id (ops/). */
    public static final String ACKS = "releasewatch.acks.v1";
    /** Compacted: the silences, one per silence id, each in its latest state (ops/). */
    public static final String SILENCES = "releasewatch.silences.v1";

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
                        Short replicationFactor) {
        this(releases, sanctions, watchlist, alerts, dlq, webhookDlq, internalEvents, internalWatchlist, create,
                partitions, replicationFactor, SOURCE_SNAPSHOTS, SOURCE_COORDINATION);
    }

    /** The topics with the sources' own, and the default acks, silences and subscriptions topics. */
    public TopicsConfig(String releases, String sanctions, String watchlist, String alerts, String dlq, String webhookDlq,
                        String internalEvents, String internalWatchlist, boolean create, int partitions,
                        Short replicationFactor, String sourceSnapshots, String sourceCoordination) {
        this(releases, sanctions, watchlist, alerts, dlq, webhookDlq, internalEvents, internalWatchlist, create,
                partitions, replicationFactor, sourceSnapshots, sourceCoordination, ACKS, SILENCES, SUBSCRIPTIONS, null, null);
    }

    public static TopicsConfig defaults() {
        return new TopicsConfig("releasewatch.releases.v1", "releasewatch.sanctions.v1", "releasewatch.watchlist.v1",
                "releasewatch.alerts.v1", "releasewatch.dlq.v1", "releasewatch.webhook-dlq.v1",
                "releasewatch.internal.events-by-country.v1", "releasewatch.internal.watchlist.v1", true, 3, null);
    }
}

package org.releasewatch.ingest;

import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Property;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;

/**
 * The Micronaut consumers of the contract's three input topics, one consumer group each. A listener
 * only hands its polled batch to its own {@link TransactionalForwarder} with the route that validates
 * it; offsets are committed inside the forwarder's transaction (offset strategy DISABLED). Static
 * group membership ({@code group.instance.id}) lets a restarted instance take its partitions back at
 * once instead of waiting for the dead member's session to expire.
 */
@Singleton
public class IngestListeners implements AutoCloseable {

    private final IngestRoutes routes;
    final TransactionalForwarder releases;
    final TransactionalForwarder sanctions;
    final TransactionalForwarder watchlist;

    public IngestListeners(IngestRoutes routes) {
        this.routes = routes;
        this.releases = routes.forwarder("releases");
        this.sanctions = routes.forwarder("sanctions");
        this.watchlist = routes.forwarder("watchlist");
    }

    @KafkaListener(groupId = "${releasewatch.application-id}-ingest-releases",
            clientId = "${releasewatch.application-id}-ingest-releases", batch = true,
            offsetReset = OffsetReset.EARLIEST, offsetStrategy = OffsetStrategy.DISABLED,
            properties = {
                    @Property(name = ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, value = "${releasewatch.instance-id}-ingest-releases"),
                    @Property(name = ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, value = "${releasewatch.session-timeout-ms:30000}"),
                    // the prisoner rosters' inferred releases are written in transactions: an aborted one must never be read
                    @Property(name = ConsumerConfig.ISOLATION_LEVEL_CONFIG, value = "read_committed")})
    @Topic("${releasewatch.topics.releases}")
    void releases(List<ConsumerRecord<byte[], byte[]>> batch, Consumer<byte[], byte[]> consumer) {
        releases.forward(batch, consumer, routes::release);
    }

    @KafkaListener(groupId = "${releasewatch.application-id}-ingest-sanctions",
            clientId = "${releasewatch.application-id}-ingest-sanctions", batch = true,
            offsetReset = OffsetReset.EARLIEST, offsetStrategy = OffsetStrategy.DISABLED,
            properties = {
                    @Property(name = ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, value = "${releasewatch.instance-id}-ingest-sanctions"),
                    @Property(name = ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, value = "${releasewatch.session-timeout-ms:30000}"),
                    // the sanctions lists' events are written in transactions: an aborted one must never be read
                    @Property(name = ConsumerConfig.ISOLATION_LEVEL_CONFIG, value = "read_committed")})
    @Topic("${releasewatch.topics.sanctions}")
    void sanctions(List<ConsumerRecord<byte[], byte[]>> batch, Consumer<byte[], byte[]> consumer) {
        sanctions.forward(batch, consumer, routes::sanction);
    }

    @KafkaListener(groupId = "${releasewatch.application-id}-ingest-watchlist",
            clientId = "${releasewatch.application-id}-ingest-watchlist", batch = true,
            offsetReset = OffsetReset.EARLIEST, offsetStrategy = OffsetStrategy.DISABLED,
            properties = {
                    @Property(name = ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, value = "${releasewatch.instance-id}-ingest-watchlist"),
                    @Property(name = ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, value = "${releasewatch.session-timeout-ms:30000}")})
    @Topic("${releasewatch.topics.watchlist}")
    void watchlist(List<ConsumerRecord<byte[], byte[]>> batch, Consumer<byte[], byte[]> consumer) {
        watchlist.forward(batch, consumer, routes::watchlist);
    }

    @PreDestroy
    @Override
    public void close() {
        releases.close();
        sanctions.close();
        watchlist.close();
    }
}

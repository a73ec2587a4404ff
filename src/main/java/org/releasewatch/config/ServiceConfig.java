package org.releasewatch.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.nio.file.Path;

/**
 * Identity and storage of this service instance ({@code releasewatch.*}).
 *
 * @param applicationId Kafka Streams application id; also the prefix of consumer groups and transactional ids.
 *                      Instances with the same id share the work.
 * @param instanceId    stable name of this instance (static group membership, transactional ids); defaults to
 *                      host name and HTTP port. Two instances must never share it.
 * @param dataDir       where the embedded broker and the Kafka Streams state live
 * @param sessionTimeoutMs how long every consumer group of the service (ingest, Kafka Streams, webhooks) keeps an
 *                      instance's partitions after it vanished without leaving (kill -9, lost node). With static
 *                      membership a restart within this time takes them back without a rebalance; after it, the
 *                      surviving instances take them over.
 */
@ConfigurationProperties("releasewatch")
public record ServiceConfig(
        @Bindable(defaultValue = "releasewatch") String applicationId,
        @Nullable String instanceId,
        @Bindable(defaultValue = "./data") Path dataDir,
        @Bindable(defaultValue = "30000") int sessionTimeoutMs) {
}

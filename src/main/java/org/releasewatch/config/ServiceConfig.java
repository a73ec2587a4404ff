package org.releasewatch.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.nio.file.Path;

/**
 * Identity and storage of this service instance ({@code releasewatch.*}).
 *
 * @param applicationId Kafka Streams application id; also the prefix of consumer groups and transactional ids.
 *                      Instances with the same id share the work. Its default, {@code releasewatch}, is written in
 *                      application.yml only: the ingest listeners' {@code ${releasewatch.application-id}} placeholders
 *                      read it from there, before any configuration bean exists.
 * @param instanceId    stable name of this instance (static group membership, transactional ids); defaults to
 *                      host name and HTTP port. Two instances must never share it.
 * @param dataDir       where the embedded broker and the Kafka Streams state live (default {@value #DEFAULT_DATA_DIR})
 * @param sessionTimeoutMs how long every consumer group of the service (ingest, Kafka Streams, webhooks) keeps an
 *                      instance's partitions after it vanished without leaving (kill -9, lost node). With static
 *                      membership a restart within this time takes them back without a rebalance; after it, the
 *                      surviving instances take them over.
 */
@ConfigurationProperties("releasewatch")
public record ServiceConfig(
        String applicationId,
        @Nullable String instanceId,
        @Bindable(defaultValue = DEFAULT_DATA_DIR) Path dataDir,
        @Bindable(defaultValue = "30000") int sessionTimeoutMs) {

    /** Also read by {@link LaunchSettings}, before this record is bound. */
    public static final String DEFAULT_DATA_DIR = "./data";
}

package org.releasewatch.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Kafka Streams tuning ({@code releasewatch.streams.*}).
 *
 * @param threads          stream threads in this instance
 * @param standbyReplicas  warm copies of each state store on other instances
 * @param commitInterval   exactly-once commit interval: an alert becomes visible to read_committed readers at the
 *                         next commit, so this bounds alert latency
 */
@ConfigurationProperties("releasewatch.streams")
public record StreamsSettings(
        @Bindable(defaultValue = "1") int threads,
        @Bindable(defaultValue = "0") int standbyReplicas,
        @Bindable(defaultValue = "100ms") Duration commitInterval) {
}

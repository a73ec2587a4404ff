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
 *                         next commit, so this bounds alert latency. 50 ms: in 1 M-event runs of bench/run it
 *                         gave a median 25 ms lower than 100 ms at the same throughput; at 25 ms the commits
 *                         fell behind (docs/benchmark.md)
 * @param replacementWindow   stream threads replaced (after a failure) within this window are counted ...
 * @param maxReplacements     ... and from this many on {@code /health} says DOWN: a thread failing on the same
 *                            record again and again
 * @param maxRebalancing      REBALANCING for longer than this is DOWN on {@code /health}, not "routine"
 * @param transactionalStateStores Kafka Streams' transactional state stores (KIP-892): a store's writes are
 *                            buffered until the exactly-once transaction that carries them commits. Without them,
 *                            an instance killed (kill -9, lost node) mid-transaction finds its local stores ahead of
 *                            their changelogs and rebuilds every store from scratch; with them it keeps its stores
 *                            and replays only the records since the last commit
 * @param uncommittedMaxBytes  bound of those buffered writes across the instance's stores: beyond it Kafka Streams
 *                            commits early, before the commit interval is up
 */
@ConfigurationProperties("releasewatch.streams")
public record StreamsSettings(
        @Bindable(defaultValue = "1") int threads,
        @Bindable(defaultValue = "0") int standbyReplicas,
        @Bindable(defaultValue = "50ms") Duration commitInterval,
        @Bindable(defaultValue = "10m") Duration replacementWindow,
        @Bindable(defaultValue = "3") int maxReplacements,
        @Bindable(defaultValue = "5m") Duration maxRebalancing,
        @Bindable(defaultValue = "true") boolean transactionalStateStores,
        @Bindable(defaultValue = "8388608") long uncommittedMaxBytes) {
}

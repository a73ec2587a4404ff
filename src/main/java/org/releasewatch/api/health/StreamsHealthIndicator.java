package org.releasewatch.api.health;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.KafkaStreams;
import org.releasewatch.config.StreamsSettings;
import org.releasewatch.rules.AlertStreams;
import org.releasewatch.rules.RestoreProgress;
import org.releasewatch.rules.StreamThreadFailures;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * UP only while the topology really runs: {@link KafkaStreams#state()} is RUNNING, or REBALANCING after it has run
 * (instances joining or leaving) for no longer than {@code releasewatch.streams.max-rebalancing}. DOWN, with the
 * reason, when it is starting or waiting for its partitions, when it rebalances for longer than that, or when stream
 * threads keep failing and being replaced ({@code releasewatch.streams.max-replacements} within
 * {@code replacement-window}) — the application then still says RUNNING, but a thread that fails on the same record
 * again and again writes no alert. How long it has been rebalancing is measured from the first time this indicator
 * saw it so (health is polled every few seconds).
 */
@Singleton
public class StreamsHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final AlertStreams streams;
    private final StreamThreadFailures failures;
    private final StreamsSettings settings;
    private final RestoreProgress restores;
    private final Clock clock = Clock.systemUTC();
    private volatile Instant rebalancingSince;

    public StreamsHealthIndicator(AlertStreams streams, StreamThreadFailures failures, StreamsSettings settings,
                                  RestoreProgress restores) {
        this.streams = streams;
        this.restores = restores;
        this.failures = failures;
        this.settings = settings;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        KafkaStreams.State state = streams.state();
        Instant now = clock.instant();
        if (state == KafkaStreams.State.REBALANCING) {
            if (rebalancingSince == null) {
                rebalancingSince = now;
            }
        } else {
            rebalancingSince = null;
        }
        Instant since = rebalancingSince;
        Duration rebalancing = since == null ? Duration.ZERO : Duration.between(since, now);
        int replaced = failures.within(settings.replacementWindow());
        String reason = null;
        if (streams.startFailure() != null) {
            reason = "Kafka Streams failed to start: " + streams.startFailure().getMessage();
        } else if (replaced >= settings.maxReplacements()) {
            reason = "a stream thread failed and was replaced " + replaced + " times in the last "
                    + settings.replacementWindow().toMinutes() + " min (last error: " + failures.lastError() + ")";
        } else if (state == KafkaStreams.State.REBALANCING && !streams.reachedRunning()
                || state == KafkaStreams.State.CREATED) {
            reason = "the stream topology is starting or waiting for its partitions";
        } else if (!streams.reachedRunning() && restores.restoring() > 0) {
            reason = "restoring " + restores.restoring() + " state store partition(s) from their changelogs";
        } else if (state == KafkaStreams.State.REBALANCING && rebalancing.compareTo(settings.maxRebalancing()) > 0) {
            reason = "the stream topology has been rebalancing for " + rebalancing.toSeconds() + " s, longer than "
                    + settings.maxRebalancing().toSeconds() + " s";
        } else if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            reason = "the stream topology is " + state.name().toLowerCase();
        }
        healthStatus = reason == null ? HealthStatus.UP : HealthStatus.DOWN;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", state.name());
        details.put("threads", streams.streams().metadataForLocalThreads().stream()
                .map(t -> Map.of("name", t.threadName(), "state", t.threadState(),
                        "activeTasks", t.activeTasks().size(), "standbyTasks", t.standbyTasks().size()))
                .toList());
        details.put("restoringStorePartitions", restores.restoring());
        details.put("restoredRecords", restores.restoredRecords());
        details.put("transactionalStateStores", settings.transactionalStateStores());
        details.put("threadsReplaced", failures.total());
        if (failures.total() > 0) {
            details.put("threadsReplacedRecently", replaced);
            details.put("lastThreadFailure", failures.lastError());
            details.put("lastThreadFailureAt", String.valueOf(failures.lastAt()));
        }
        if (reason != null) {
            details.put("reason", reason);
        }
        return details;
    }

    @Override
    protected String getName() {
        return "streams";
    }
}

package org.releasewatch.rules;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The topology's own metrics, in Micrometer (and so on {@code /prometheus}):
 * {@code releasewatch.alerts.emitted{rule,severity}}, {@code releasewatch.releases.late.not.counted{country}},
 * {@code releasewatch.alerts.too.old{rule}}, and {@code releasewatch.alert.latency}: from ingest accepting
 * the event behind an alert to the alert being readable by {@code read_committed} consumers (as this
 * instance's alert feed sees it). Alerts that no ingested event triggered (a person added to the
 * watchlist after their release) have no latency.
 */
@Singleton
public class MicrometerRuleMetrics implements RuleMetrics {

    private static final Duration FORGET_AFTER = Duration.ofMinutes(5);

    private final MeterRegistry registry;
    private final Timer latency;
    private final Map<String, Instant> awaitingCommit = new ConcurrentHashMap<>();

    public MicrometerRuleMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.latency = Timer.builder("releasewatch.alert.latency")
                .description("From ingest accepting the triggering event to the alert being readable (read_committed)")
                .publishPercentileHistogram()
                .register(registry);
    }

    @Override
    public void lateReleaseNotCounted(String country) {
        registry.counter("releasewatch.releases.late.not.counted", "country", country).increment();
    }

    @Override
    public void alertEmitted(Alert alert, Instant ingestedAt) {
        registry.counter("releasewatch.alerts.emitted", "rule", alert.rule().name(), "severity", alert.severity().wire()).increment();
        if (ingestedAt != null) {
            Instant now = Instant.now();
            awaitingCommit.values().removeIf(at -> at.isBefore(now.minus(FORGET_AFTER))); // never committed: an aborted transaction
            awaitingCommit.put(alert.id(), ingestedAt);
        }
    }

    /** The alert is readable on the alerts topic now. */
    public void alertVisible(Alert alert) {
        Instant ingestedAt = awaitingCommit.remove(alert.id());
        if (ingestedAt != null) {
            latency.record(Duration.between(ingestedAt, Instant.now()));
        }
    }

    @Override
    public void alertTooOldToDeduplicate(AlertRule rule) {
        registry.counter("releasewatch.alerts.too.old", "rule", rule.name()).increment();
    }
}

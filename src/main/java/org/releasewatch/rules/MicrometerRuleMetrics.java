package org.releasewatch.rules;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Severity;

/** The topology's own counters, in Micrometer (and so on {@code /prometheus}). */
@Singleton
public class MicrometerRuleMetrics implements RuleMetrics {

    private final MeterRegistry registry;

    public MicrometerRuleMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void lateReleaseNotCounted(String country) {
        registry.counter("releasewatch.releases.late.not.counted", "country", country).increment();
    }

    @Override
    public void alertEmitted(AlertRule rule, Severity severity) {
        registry.counter("releasewatch.alerts.emitted", "rule", rule.name(), "severity", severity.wire()).increment();
    }

    @Override
    public void alertTooOldToDeduplicate(AlertRule rule) {
        registry.counter("releasewatch.alerts.too.old", "rule", rule.name()).increment();
    }
}

package org.releasewatch.rules;

import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;

import java.time.Instant;

/** What the topology reports about itself; Micrometer in the service ({@link MicrometerRuleMetrics}). */
public interface RuleMetrics {

    RuleMetrics NONE = new RuleMetrics() {
        @Override
        public void lateReleaseNotCounted(String country) {
        }

        @Override
        public void alertEmitted(Alert alert, Instant ingestedAt) {
        }

        @Override
        public void alertTooOldToDeduplicate(AlertRule rule) {
        }
    };

    /** MASS_RELEASE: a release later than the grace, not counted. */
    void lateReleaseNotCounted(String country);

    /** An alert leaves the topology; {@code ingestedAt} is when ingest accepted the event behind it, or null. */
    void alertEmitted(Alert alert, Instant ingestedAt);

    /** An alert older than the dedup retention, dropped. */
    void alertTooOldToDeduplicate(AlertRule rule);
}

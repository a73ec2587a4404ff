package org.releasewatch.rules;

import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Severity;

public interface RuleMetrics {
    RuleMetrics NONE = new RuleMetrics() {
        public void lateReleaseNotCounted(String country) { }
        public void alertEmitted(AlertRule rule, Severity severity) { }
        public void alertTooOldToDeduplicate(AlertRule rule) { }
    };
    void lateReleaseNotCounted(String country);
    void alertEmitted(AlertRule rule, Severity severity);
    void alertTooOldToDeduplicate(AlertRule rule);
}

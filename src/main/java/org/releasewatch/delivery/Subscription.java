package org.releasewatch.delivery;

import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Severity;
import org.releasewatch.model.WebhookFailure;

import java.net.URI;
import java.util.Set;

/**
 * One configured webhook receiver and the alerts it wants. Empty {@code rules} or {@code countries}
 * means all. The signing key is kept out of {@link #toString()}.
 */
public record Subscription(int index, URI url, byte[] key, Set<AlertRule> rules, Set<String> countries,
                           Severity minSeverity) {

    public boolean wants(Alert alert) {
        return (rules.isEmpty() || rules.contains(alert.rule()))
                && (countries.isEmpty() || countries.contains(alert.country()))
                && alert.severity().atLeast(minSeverity);
    }

    /** Scheme, host and a hash of the URL (never its path, query or user info): safe for logs, metrics and the DLQ. */
    public String redactedUrl() {
        return Redaction.url(url);
    }

    public WebhookFailure.SubscriptionRef ref() {
        return new WebhookFailure.SubscriptionRef(index, redactedUrl());
    }

    @Override
    public String toString() {
        return "subscription " + index + " (" + redactedUrl() + ")";
    }
}

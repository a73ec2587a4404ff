package org.releasewatch.model;

/**
 * Value of {@code releasewatch.webhook-dlq.v1}: an alert a subscription could not take after the last
 * attempt. Never holds the secret.
 */
public record WebhookFailure(SubscriptionRef subscription, Alert alert, int attempts, String lastError) {

    /** The subscription by position in the configuration and URL without credentials or query. */
    public record SubscriptionRef(int index, String url) {
    }
}

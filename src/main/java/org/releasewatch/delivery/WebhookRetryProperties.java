package org.releasewatch.delivery;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * {@code releasewatch.webhooks.retry.*}: the back-off between attempts of one delivery ({@link RetryPolicy}).
 *
 * @param initialDelay the ceiling of the first jittered delay; it doubles per attempt
 * @param maxDelay     the ceiling of every delay, and of a receiver's {@code Retry-After}
 * @param maxAttempts  attempts before the alert goes to the webhook DLQ
 */
@ConfigurationProperties(WebhookSettings.PREFIX + ".retry")
public record WebhookRetryProperties(
        @Bindable(defaultValue = "5s") Duration initialDelay,
        @Bindable(defaultValue = "1h") Duration maxDelay,
        @Bindable(defaultValue = "8") int maxAttempts) {

    /** @throws IllegalArgumentException for fewer than one attempt */
    public RetryPolicy policy() {
        return new RetryPolicy(initialDelay, maxDelay, maxAttempts);
    }
}

package org.releasewatch.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * Webhook metrics, tagged with the subscription id (never its URL or secret):
 * {@code releasewatch.webhook.deliveries{outcome=delivered|dead_lettered}},
 * {@code releasewatch.webhook.attempts{outcome=ok|failed}}, {@code releasewatch.webhook.latency}
 * (alert {@code emittedAt} → 2xx answer).
 */
@Singleton
public class WebhookMetrics {

    private final MeterRegistry registry;

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void attempt(Subscription s, boolean ok) {
        Counter.builder("releasewatch.webhook.attempts").tag("subscription", tag(s)).tag("outcome", ok ? "ok" : "failed")
                .description("HTTP attempts to deliver an alert").register(registry).increment();
    }

    void delivered(Subscription s, Duration sinceEmitted) {
        Counter.builder("releasewatch.webhook.deliveries").tag("subscription", tag(s)).tag("outcome", "delivered")
                .description("Alerts delivered (2xx) or dead-lettered after the last attempt").register(registry).increment();
        Timer.builder("releasewatch.webhook.latency").tag("subscription", tag(s)).publishPercentileHistogram()
                .description("From the alert's emittedAt to the receiver's 2xx answer").register(registry)
                .record(sinceEmitted.isNegative() ? Duration.ZERO : sinceEmitted);
    }

    void deadLettered(Subscription s) {
        Counter.builder("releasewatch.webhook.deliveries").tag("subscription", tag(s)).tag("outcome", "dead_lettered")
                .description("Alerts delivered (2xx) or dead-lettered after the last attempt").register(registry).increment();
    }

    void silenced(Subscription s) {
        Counter.builder("releasewatch.webhook.silenced").tag("subscription", tag(s))
                .description("Alerts held back from a subscription by a silence").register(registry).increment();
    }

    void skippedLaterMessage(Subscription s) {
        Counter.builder("releasewatch.webhook.skipped").tag("subscription", tag(s)).tag("reason", "messages_first")
                .description("Updates and cancels not sent to a subscription that wants the first message of each thread only")
                .register(registry).increment();
    }

    void restarted(Subscription s) {
        Counter.builder("releasewatch.webhook.worker.restarts").tag("subscription", tag(s))
                .description("Times a subscription's worker stopped on an error and was restarted").register(registry).increment();
    }

    private static String tag(Subscription s) {
        return s.id();
    }
}

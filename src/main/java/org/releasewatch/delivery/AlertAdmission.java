package org.releasewatch.delivery;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Optional;

/**
 * Which alerts a subscription sends: those its filters want ({@code rule}, {@code severity}, {@code country}, read as
 * text, and with {@code messages: first} only the first message of each thread — the others are counted in
 * {@code releasewatch.webhook.skipped}), less those its {@link DeliveryHold} holds — an acknowledged or silenced alert is never sent later; it is
 * logged as {@code silenced} with the hold's id, and counted.
 */
final class AlertAdmission {

    private static final Logger LOG = LoggerFactory.getLogger(AlertAdmission.class);

    private final Subscription subscription;
    private final SubscriptionContext context;
    private final WebhookMetrics metrics;

    AlertAdmission(Subscription subscription, SubscriptionContext context, WebhookMetrics metrics) {
        this.subscription = subscription;
        this.context = context;
        this.metrics = metrics;
    }

    /** An alert read by the worker's own consumer. */
    boolean admits(AlertFields alert, byte[] value) {
        return subscription.wants(alert.rule(), alert.severity(), alert.country()) && firstOnly(alert)
                && !held(alert, value, false);
    }

    /** Whether {@code messages} lets this message through; counts the ones it skips. */
    private boolean firstOnly(AlertFields alert) {
        if (subscription.messages().wants(alert.msgType())) {
            return true;
        }
        metrics.skippedLaterMessage(subscription);
        return false;
    }

    /**
     * A record read again by {@code replay}, if the subscription wants it (not one emitted before the replay's
     * {@code since}, nor one it cannot read): delivered like a new one (same {@code webhook-id}), but outside the
     * offsets the worker commits.
     */
    Optional<ReadAlert> replayed(ConsumerRecord<String, byte[]> record, Replay replay) {
        AlertFields alert;
        try {
            alert = AlertFields.of(record.value());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        boolean wanted = subscription.wants(alert.rule(), alert.severity(), alert.country())
                && subscription.messages().wants(alert.msgType())
                && !(replay.since() != null && alert.emittedAt() != null && alert.emittedAt().isBefore(replay.since()))
                && !held(alert, record.value(), true);
        return wanted ? Optional.of(new ReadAlert(alert, record.value(),
                new TopicPartition(record.topic(), record.partition()), record.offset(), replay)) : Optional.empty();
    }

    private boolean held(AlertFields alert, byte[] value, boolean replay) {
        Optional<String> by;
        try {
            by = context.hold().heldBy(alert.id(), value);
        } catch (RuntimeException e) {
            LOG.error("Webhook {}: the delivery hold failed for alert {}; delivering it", subscription, alert.id(), e);
            return false;
        }
        if (by == null || by.isEmpty()) {
            return false;
        }
        context.log().record(new AttemptsLog.Attempt(alert.id(), Instant.now(), AttemptsLog.SILENCED, null, null, null,
                by.get(), replay));
        metrics.silenced(subscription);
        return true;
    }
}

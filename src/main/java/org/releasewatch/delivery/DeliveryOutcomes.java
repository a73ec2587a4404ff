package org.releasewatch.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.releasewatch.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * How a subscription's read alerts end, for both of its senders (standard webhooks and chat or email): delivered,
 * a failed attempt, a retry later, dead-lettered to the webhook DLQ, or the subscription disabled. Each end is
 * counted (for {@code /api/webhooks} and {@code /health}), logged in the {@link AttemptsLog} and, for a finished
 * record, reported to the {@link PendingOffsets} (or its {@link Replay}).
 */
final class DeliveryOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryOutcomes.class);

    private final Subscription subscription;
    private final WebhookSettings settings;
    private final SubscriptionContext context;
    private final WebhookMetrics metrics;
    private final PendingOffsets pending;
    private final String webhookDlqTopic;
    private final Producer<String, byte[]> dlqProducer;
    private final ScheduledExecutorService timer;
    private final BooleanSupplier running;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicInteger waitingForRetry = new AtomicInteger();
    /** Set when the subscription is disabled: every alert it wants goes to the webhook DLQ with this reason. */
    private volatile String disabledReason;

    DeliveryOutcomes(Subscription subscription, WebhookSettings settings, SubscriptionContext context,
                     WebhookMetrics metrics, PendingOffsets pending, String webhookDlqTopic,
                     Producer<String, byte[]> dlqProducer, ScheduledExecutorService timer, BooleanSupplier running) {
        this.subscription = subscription;
        this.settings = settings;
        this.context = context;
        this.metrics = metrics;
        this.pending = pending;
        this.webhookDlqTopic = webhookDlqTopic;
        this.dlqProducer = dlqProducer;
        this.timer = timer;
        this.running = running;
        this.disabledReason = context.disabledReason();
    }

    boolean running() {
        return running.getAsBoolean();
    }

    /** Why the subscription is disabled, or empty while it is active. */
    Optional<String> disabled() {
        return Optional.ofNullable(disabledReason);
    }

    /** {@code delivered}, {@code retrying} and {@code deadLettered} into a worker's status. */
    void putCounts(Map<String, Object> status) {
        status.put("delivered", delivered.get());
        status.put("retrying", waitingForRetry.get());
        status.put("deadLettered", deadLettered.get());
    }

    /** The subscription's state, and the attempts log's figures (the last delivery error, failing since when). */
    void putState(Map<String, Object> status) {
        String disabled = disabledReason;
        status.put("subscriptionState", disabled == null ? SubscriptionRecord.ACTIVE : SubscriptionRecord.DISABLED);
        status.put("disabledReason", disabled);
        Map<String, Object> figures = context.log().figures();
        status.put("lastSuccessAt", figures.get("lastSuccessAt"));
        status.put("lastDeliveryError", figures.get("lastError"));
        status.put("lastDeliveryErrorAt", figures.get("lastErrorAt"));
        status.put("failingSince", figures.get("failingSince"));
    }

    /** The receiver accepted it ({@code status} and {@code latencyMillis} null for a chat or email message). */
    void delivered(ReadAlert r, Integer status, Long latencyMillis) {
        Instant now = Instant.now();
        metrics.delivered(subscription, Duration.between(Optional.ofNullable(r.alert().emittedAt()).orElse(now), now));
        delivered.incrementAndGet();
        context.log().record(new AttemptsLog.Attempt(r.alert().id(), now, AttemptsLog.DELIVERED, status, latencyMillis,
                null, null, r.replayed()));
        finished(r);
    }

    /** One attempt failed; failing for {@code disable-after} disables the subscription. */
    void failedAttempt(String alertId, Integer status, long latencyMillis, String problem, boolean replay) {
        context.log().record(new AttemptsLog.Attempt(alertId, Instant.now(), AttemptsLog.FAILED, status,
                status == null ? null : latencyMillis, problem, null, replay));
        if (context.log().failingFor(settings.disableAfter(), Instant.now())) {
            disable("every attempt failed for " + settings.disableAfter() + " (last: " + problem + ")");
        }
    }

    /** Runs {@code task} after {@code delay} on the timer, counted as waiting for a retry meanwhile. */
    void later(Duration delay, Runnable task) {
        waitingForRetry.incrementAndGet();
        timer.schedule(() -> {
            waitingForRetry.decrementAndGet();
            task.run();
        }, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** Disables the subscription (every instance, through the topic); its alerts are dead-lettered from now on. */
    void disable(String reason) {
        if (disabledReason == null) {
            disabledReason = reason;
            LOG.warn("Webhook {} disabled: {}", subscription, reason);
            context.disable().accept(reason);
        }
    }

    /** Writes it to the webhook DLQ with the reason; it is finished once written (tried again until it is). */
    void deadLetter(ReadAlert r, int attempts, String lastError) {
        LOG.warn("Webhook {}: alert {} dead-lettered after {} attempt(s): {}", subscription, r.alert().id(), attempts, lastError);
        byte[] failure;
        try {
            ObjectNode node = r.alert().failure(subscription.ref(), r.body(), attempts, lastError, r.tp(), r.offset());
            if (node.get("subscription") instanceof ObjectNode ref) {
                ref.put("id", subscription.id()); // the index is -1 for a subscription not in the configuration
            }
            failure = Json.bytes(node);
        } catch (RuntimeException e) {
            failure = ("{\"lastError\":" + Json.string(lastError) + "}").getBytes(StandardCharsets.UTF_8);
        }
        dlqProducer.send(new ProducerRecord<>(webhookDlqTopic, r.alert().id(), failure), (meta, error) -> {
            if (error == null) {
                metrics.deadLettered(subscription);
                deadLettered.incrementAndGet();
                context.log().record(new AttemptsLog.Attempt(r.alert().id(), Instant.now(), AttemptsLog.DEAD_LETTERED,
                        null, null, lastError, null, r.replayed()));
                finished(r);
            } else if (running()) {
                // never lose it: try the dead-letter write again later
                timer.schedule(() -> deadLetter(r, attempts, lastError), 1, TimeUnit.SECONDS);
            }
        });
    }

    /** Waits until the dead letters on their way are written (they count as finished then). */
    void flushDeadLetters() {
        dlqProducer.flush();
    }

    private void finished(ReadAlert r) {
        if (r.replay() != null) {
            r.replay().done();
        } else {
            pending.done(r.tp(), r.offset());
        }
    }
}

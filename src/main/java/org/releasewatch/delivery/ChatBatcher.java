package org.releasewatch.delivery;

import org.releasewatch.delivery.channels.Batch;
import org.releasewatch.delivery.channels.ChannelSenders;
import org.releasewatch.delivery.channels.ChannelTarget;
import org.releasewatch.delivery.channels.Delivery;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends a chat or email subscription's alerts: collects them in a {@link Batch} for the subscription's window, sends
 * one message at a time through {@link ChannelSenders} and acts on its {@link Delivery}. An alert is finished (its
 * record may be committed) only when a message holding it was accepted, or when it is dead-lettered.
 */
final class ChatBatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ChatBatcher.class);

    private final Subscription subscription;
    private final WebhookSettings settings;
    private final ChannelSenders senders;
    private final ScheduledExecutorService timer;
    private final ExecutorService httpThreads;
    private final WebhookMetrics metrics;
    private final DeliveryOutcomes outcomes;
    /** The alerts waiting for their message, and the records each stands for (by alert id). */
    private final Object lock = new Object();
    private final Batch batch;
    private final Map<String, List<ReadAlert>> waiting = new HashMap<>();
    private final ArrayDeque<Alert> backlog = new ArrayDeque<>();
    private boolean sending;
    private Instant flushAt;

    ChatBatcher(Subscription subscription, WebhookSettings settings, ChannelSenders senders, ScheduledExecutorService timer,
                ExecutorService httpThreads, WebhookMetrics metrics, DeliveryOutcomes outcomes, int maxWaiting) {
        this.subscription = subscription;
        this.settings = settings;
        this.senders = senders;
        this.timer = timer;
        this.httpThreads = httpThreads;
        this.metrics = metrics;
        this.outcomes = outcomes;
        this.batch = new Batch(subscription.channel().batchWindow(), maxWaiting, subscription.format().inEmissionOrder());
    }

    /** Forgets every waiting alert: all are read again from the committed offsets. */
    void forgetAll() {
        synchronized (lock) {
            batch.takeDue(Instant.MAX);
            backlog.clear();
            waiting.clear();
        }
    }

    /**
     * Reads the alert as this version's model (a renderer needs its fields) and puts it in the open batch. An alert
     * this version cannot read as such (a newer instance's rule, during a rolling upgrade) cannot be rendered: it is
     * dead-lettered with the reason rather than held back.
     */
    void offer(ReadAlert d) {
        Alert alert;
        try {
            alert = Json.read(d.body(), Alert.class);
        } catch (RuntimeException e) {
            String why = String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
            outcomes.deadLetter(d, 0, "cannot be rendered as " + subscription.format().wire() + ": "
                    + (why.length() > 200 ? why.substring(0, 200) + "…" : why));
            return;
        }
        synchronized (lock) {
            waiting.computeIfAbsent(alert.id(), id -> new ArrayList<>()).add(d);
            batch.offer(alert, Instant.now());
        }
        scheduleFlush();
    }

    /** Sends the batch when its window closes, unless a message is on its way (its end schedules the next). */
    private void scheduleFlush() {
        synchronized (lock) {
            if (sending || !outcomes.running()) {
                return;
            }
            Optional<Instant> due = backlog.isEmpty() ? batch.dueAt() : Optional.of(Instant.MIN);
            if (due.isEmpty() || (flushAt != null && !flushAt.isAfter(due.get()))) {
                return;
            }
            Instant now = Instant.now();
            Instant at = due.get().isBefore(now) ? now : due.get();
            flushAt = at;
            timer.schedule(this::flush, Duration.between(now, at).toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void flush() {
        List<Alert> due;
        synchronized (lock) {
            flushAt = null;
            if (sending || !outcomes.running()) {
                return;
            }
            if (!backlog.isEmpty()) {
                due = List.of(backlog.poll());
            } else if (subscription.channel().batchWindow().isZero()) {
                // no batching: one message per alert, in the batch's order
                backlog.addAll(batch.takeDue(Instant.now()));
                due = backlog.isEmpty() ? List.of() : List.of(backlog.poll());
            } else {
                due = batch.takeDue(Instant.now());
            }
            if (due.isEmpty()) {
                scheduleFlush();
                return;
            }
            sending = true;
        }
        send(due, 1);
    }

    /** Ends one message's delivery (all its alerts acknowledged or dead-lettered) and lets the next one go. */
    private void sent() {
        synchronized (lock) {
            sending = false;
        }
        scheduleFlush();
    }

    private void send(List<Alert> due, int attempt) {
        if (!outcomes.running()) {
            return; // not committed: delivered after restart
        }
        Optional<String> disabled = outcomes.disabled();
        if (disabled.isPresent()) {
            deadLetterAll(due, attempt - 1, "subscription disabled: " + disabled.get());
            sent();
            return;
        }
        ChannelTarget channel = subscription.channel();
        Optional<String> refused = channel.format().chat() ? senders.refusal(channel.url()) : Optional.empty();
        if (refused.isPresent()) {
            deadLetterAll(due, attempt, refused.get());
            sent();
            return;
        }
        CompletableFuture<Delivery> outcome;
        try {
            outcome = senders.sender(channel.format()).sendAsync(due, channel, httpThreads);
        } catch (RuntimeException e) { // a renderer bug or a full executor: retried like a failed attempt
            outcome = CompletableFuture.failedFuture(e);
        }
        outcome.whenComplete((delivery, error) -> {
            try {
                if (error != null) {
                    unsendable(due, attempt, error);
                } else {
                    handle(due, attempt, delivery);
                }
            } catch (RuntimeException e) {
                LOG.error("Webhook {}: handling the outcome of a message failed; retrying it", subscription, e);
                retryLater(due, attempt, Optional.empty(), e.toString());
            }
        });
    }

    /**
     * The sender threw (it answers every failure of the service with a {@link Delivery}, so this is an alert it
     * cannot render, or shutdown): retrying the same alert would throw again and hold back everything after it. A
     * batch is sent again one alert per message, so only the alert that cannot be rendered is dead-lettered.
     */
    private void unsendable(List<Alert> due, int attempt, Throwable error) {
        if (!outcomes.running()) {
            return; // not committed: delivered after restart
        }
        if (due.size() > 1) {
            synchronized (lock) {
                for (int i = due.size() - 1; i >= 0; i--) {
                    backlog.addFirst(due.get(i));
                }
            }
        } else {
            LOG.error("Webhook {}: alert {} could not be sent as {}; dead-lettered", subscription, due.get(0).id(),
                    subscription.format().wire(), error);
            metrics.attempt(subscription, false);
            deadLetterAll(due, attempt, "cannot be sent as " + subscription.format().wire() + ": "
                    + StandardSender.describe(error, subscription, settings.timeout()));
        }
        sent();
    }

    private void handle(List<Alert> due, int attempt, Delivery delivery) {
        if (delivery instanceof Delivery.Accepted accepted) {
            metrics.attempt(subscription, true);
            Set<String> ids = new HashSet<>(accepted.alertIds());
            List<Alert> rest = new ArrayList<>();
            for (Alert alert : due) {
                if (ids.contains(alert.id())) {
                    acknowledge(alert);
                } else {
                    rest.add(alert);
                }
            }
            if (rest.isEmpty()) {
                sent();
            } else if (ids.isEmpty()) {
                // a message that holds none of the alerts would be sent for ever
                deadLetterAll(rest, attempt, "the " + subscription.format().wire() + " message held none of the alerts");
                sent();
            } else {
                send(rest, 1); // what did not fit goes in the next message, at once
            }
        } else if (delivery instanceof Delivery.Paced paced) {
            // not an attempt: the target's pace, or its own request to wait
            outcomes.later(paced.after(), () -> send(due, attempt));
        } else if (delivery instanceof Delivery.RetryLater later) {
            metrics.attempt(subscription, false);
            due.forEach(a -> outcomes.failedAttempt(a.id(), null, 0, later.reason(), false));
            retryLater(due, attempt, later.after(), later.reason());
        } else if (delivery instanceof Delivery.Failed failed) {
            metrics.attempt(subscription, false);
            due.forEach(a -> outcomes.failedAttempt(a.id(), null, 0, failed.reason(), false));
            // dead-lettered before the disabling replaces this worker: its last commit then counts them as done
            deadLetterAll(due, attempt, failed.reason());
            if (failed.gone()) {
                outcomes.disable("the " + subscription.format().wire() + " target is gone (" + failed.reason() + ")");
            }
            sent();
        }
    }

    private void retryLater(List<Alert> due, int attempt, Optional<Duration> hint, String reason) {
        if (settings.retry().exhausted(attempt)) {
            deadLetterAll(due, attempt, reason);
            sent();
            return;
        }
        Duration delay = settings.retry().delayAfter(attempt, hint);
        LOG.debug("Webhook {}: attempt {} of a message of {} alert(s) failed ({}); next in {}", subscription, attempt,
                due.size(), reason, delay);
        outcomes.later(delay, () -> send(due, attempt + 1));
    }

    /** The message holding this alert was accepted: every record of it is done. */
    private void acknowledge(Alert alert) {
        for (ReadAlert d : take(alert)) {
            outcomes.delivered(d, null, null);
        }
    }

    private void deadLetterAll(List<Alert> alerts, int attempts, String reason) {
        for (Alert alert : alerts) {
            for (ReadAlert d : take(alert)) {
                outcomes.deadLetter(d, attempts, reason);
            }
        }
    }

    private List<ReadAlert> take(Alert alert) {
        synchronized (lock) {
            List<ReadAlert> records = waiting.remove(alert.id());
            return records == null ? List.of() : records;
        }
    }
}

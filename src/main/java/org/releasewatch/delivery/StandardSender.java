package org.releasewatch.delivery;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.releasewatch.delivery.channels.RetryHint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

/**
 * Sends a {@code standard} subscription's alerts: one signed POST per alert (Standard Webhooks), on the worker's
 * HTTP threads through its {@link TargetHttp}, retried with back-off (the receiver's {@code Retry-After} first,
 * read by {@link RetryHint}) until the attempts are used up, then dead-lettered. A 410 disables the subscription.
 * While the receiver fails, one request at a time (see {@link #enter}).
 */
final class StandardSender {

    private static final Logger LOG = LoggerFactory.getLogger(StandardSender.class);

    private final Subscription subscription;
    private final WebhookSettings settings;
    private final TargetHttp http;
    private final ExecutorService httpThreads;
    private final WebhookMetrics metrics;
    private final DeliveryOutcomes outcomes;
    private final Object gateLock = new Object();
    private boolean failing;
    private int requestsInFlight;
    private final ArrayDeque<Runnable> parked = new ArrayDeque<>();

    StandardSender(Subscription subscription, WebhookSettings settings, TargetHttp http, ExecutorService httpThreads,
                   WebhookMetrics metrics, DeliveryOutcomes outcomes) {
        this.subscription = subscription;
        this.settings = settings;
        this.http = http;
        this.httpThreads = httpThreads;
        this.metrics = metrics;
        this.outcomes = outcomes;
    }

    /**
     * Whether a request may go now. While the receiver fails (its last answer was a failure) only one request is in
     * flight; the others are parked and go one by one as answers come, all at once after a success — so a receiver
     * coming back is not met by every retry of the outage at once.
     */
    private boolean enter(Runnable later) {
        synchronized (gateLock) {
            if (failing && requestsInFlight > 0) {
                parked.addLast(later);
                return false;
            }
            requestsInFlight++;
            return true;
        }
    }

    private void leave(boolean ok) {
        List<Runnable> go = new ArrayList<>();
        synchronized (gateLock) {
            requestsInFlight--;
            failing = !ok;
            if (ok) {
                go.addAll(parked);
                parked.clear();
            } else if (requestsInFlight == 0 && !parked.isEmpty()) {
                go.add(parked.pollFirst());
            }
        }
        go.forEach(Runnable::run);
    }

    void attempt(ReadAlert d, int attempt) {
        if (!outcomes.running()) {
            return; // not committed: delivered after restart
        }
        Optional<String> disabled = outcomes.disabled();
        if (disabled.isPresent()) {
            outcomes.deadLetter(d, attempt - 1, "subscription disabled: " + disabled.get());
            return;
        }
        // a target the policy refuses is dead-lettered at once rather than retried (the client checks again the
        // addresses it actually connects to)
        Optional<String> refused = http.refusal(subscription.url());
        if (refused.isPresent()) {
            outcomes.deadLetter(d, attempt, refused.get());
            return;
        }
        if (!enter(() -> attempt(d, attempt))) {
            return;
        }
        long timestamp = Instant.now().getEpochSecond();
        Map<String, String> headers = Map.of(
                "Content-Type", "application/json",
                "User-Agent", "releasewatch-webhooks",
                "webhook-id", d.alert().id(),
                "webhook-timestamp", String.valueOf(timestamp),
                "webhook-signature", subscription.signatureHeader(d.alert().id(), timestamp, d.body(), Instant.now()));
        long sentAt = System.nanoTime();
        http.postAsync(subscription.url(), headers, d.body(), httpThreads).whenComplete((response, error) -> {
            long latency = (System.nanoTime() - sentAt) / 1_000_000;
            boolean ok = error == null && response.status() / 100 == 2;
            metrics.attempt(subscription, ok);
            if (ok) {
                outcomes.delivered(d, response.status(), latency);
                leave(true);
                return;
            }
            String problem = error != null ? describe(error, subscription, settings.timeout()) : "HTTP " + response.status();
            outcomes.failedAttempt(d.alert().id(), error == null ? response.status() : null, latency, problem, d.replayed());
            if (error == null && response.status() == 410) {
                // dead-lettered before the disabling replaces this worker (its last commit then counts it as done);
                // disabled before the parked requests go, so they are dead-lettered too
                outcomes.deadLetter(d, attempt, "HTTP 410 Gone: subscription disabled");
                outcomes.disable("the receiver answered 410 Gone");
                leave(false);
                return;
            }
            leave(false);
            if (settings.retry().exhausted(attempt)) {
                outcomes.deadLetter(d, attempt, problem);
                return;
            }
            Optional<Duration> retryAfter = error == null
                    ? RetryHint.of(response.status(), response::header, "", Instant.now()) : Optional.empty();
            Duration delay = settings.retry().delayAfter(attempt, retryAfter);
            LOG.debug("Webhook {}: attempt {} for alert {} failed ({}); next in {}", subscription, attempt,
                    d.alert().id(), problem, delay);
            outcomes.later(delay, () -> attempt(d, attempt + 1));
        });
    }

    /** A failed attempt in a few words, the subscription's URL redacted: for the attempts log and dead letters. */
    static String describe(Throwable error, Subscription subscription, Duration timeout) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        for (Throwable t = e; t != null && !(t instanceof TargetHttp.TargetRefused); t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "unknown host " + (subscription.url() == null ? "" : subscription.url().getHost());
            }
        }
        if (e instanceof ConnectTimeoutException) {
            return "connection timed out after " + timeout.toMillis() + " ms";
        }
        if (e instanceof TargetHttp.DeadlinePassed || e instanceof SocketTimeoutException) {
            return "no answer within " + timeout.toMillis() + " ms";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        String message = e.getMessage() == null ? "" : ": " + (subscription.url() == null ? e.getMessage()
                : e.getMessage().replace(subscription.url().toString(), subscription.redactedUrl()));
        return e.getClass().getSimpleName() + message;
    }
}

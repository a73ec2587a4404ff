package org.releasewatch.delivery.channels;

import org.releasewatch.model.Alert;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Sends alerts to one channel target as one message (see {@link Delivery} for the outcomes). Given several
 * alerts it sends one message holding as many as fit, most severe first, and says which ones in
 * {@link Delivery.Accepted}; the caller sends the rest again. Never sleeps: a rate-limited target answers
 * {@link Delivery.Paced} at once.
 */
public interface ChannelSender {

    Delivery send(List<Alert> alerts, ChannelTarget target);

    /** {@link #send} on the caller's executor (the webhook worker's HTTP threads), for a non-blocking worker loop. */
    default CompletableFuture<Delivery> sendAsync(List<Alert> alerts, ChannelTarget target, Executor executor) {
        return CompletableFuture.supplyAsync(() -> send(alerts, target), executor);
    }
}

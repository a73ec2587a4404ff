package org.releasewatch.delivery;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with full jitter: the delay before attempt {@code n+1} is uniform in
 * [0, min(maxDelay, initialDelay × 2^(n−1))]. A receiver's {@code Retry-After} replaces it, capped at
 * {@code maxDelay}.
 */
public record RetryPolicy(Duration initialDelay, Duration maxDelay, int maxAttempts) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max-attempts must be at least 1");
        }
    }

    /** Delay after the failed attempt number {@code attempt} (1-based). */
    public Duration delayAfter(int attempt, Optional<Duration> retryAfter) {
        if (retryAfter.isPresent()) {
            Duration wanted = retryAfter.get().isNegative() ? Duration.ZERO : retryAfter.get();
            return wanted.compareTo(maxDelay) > 0 ? maxDelay : wanted;
        }
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling(attempt).toMillis() + 1));
    }

    /** The upper bound of the jittered delay after attempt {@code attempt}. */
    public Duration ceiling(int attempt) {
        int doublings = Math.min(Math.max(attempt - 1, 0), 40);
        long millis = initialDelay.toMillis();
        for (int i = 0; i < doublings && millis < maxDelay.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
    }

    public boolean exhausted(int attempts) {
        return attempts >= maxAttempts;
    }
}

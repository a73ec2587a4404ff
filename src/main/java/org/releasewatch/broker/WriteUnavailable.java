package org.releasewatch.broker;

import java.time.Duration;
import java.util.Optional;

/**
 * A write of an operator's change (an ack, a silence, a subscription, watchlist entries) that the broker did not
 * take, or that this instance did not read back, in time: the API answers 503 with the message (which says whether
 * anything was recorded), and the operator may try again.
 */
public final class WriteUnavailable extends RuntimeException {

    private final transient Duration retryAfter;

    public WriteUnavailable(String message) {
        this(message, null, null);
    }

    public WriteUnavailable(String message, Throwable cause) {
        this(message, cause, null);
    }

    /** With the time after which a retry can succeed, sent as {@code Retry-After}. */
    public WriteUnavailable(String message, Throwable cause, Duration retryAfter) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}

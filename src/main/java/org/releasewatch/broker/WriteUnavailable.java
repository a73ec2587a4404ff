package org.releasewatch.broker;

/**
 * A write of an operator's change (an ack, a silence, a subscription, watchlist entries) that the broker did not
 * take, or that this instance did not read back, in time: the API answers 503 with the message (which says whether
 * anything was recorded), and the operator may try again.
 */
public final class WriteUnavailable extends RuntimeException {

    public WriteUnavailable(String message) {
        super(message);
    }

    public WriteUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}

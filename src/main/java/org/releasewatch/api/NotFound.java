package org.releasewatch.api;

/** What the request names does not exist: answered 404 with the message by {@link ApiErrors}. */
public final class NotFound extends RuntimeException {

    public NotFound(String message) {
        super(message);
    }
}

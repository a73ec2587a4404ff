package org.releasewatch.api.access;

import io.micronaut.http.HttpRequest;

import java.util.Optional;

/**
 * Who is calling the HTTP API, as the access filter decided it. The filter guards {@code /api/**}: a
 * read (GET, HEAD) needs read access (the read token, an operator token, or loopback with no read token
 * configured); every other method is a write and needs an operator token, whose operator it records on the
 * request here. Controllers that write read {@link #operator(HttpRequest)} to record who did it.
 */
public final class Access {

    /** The request attribute holding the {@link Caller}. */
    public static final String CALLER = "releasewatch.caller";

    private Access() {
    }

    /** A caller the filter let in: an operator by name, or a reader ({@code operator} null). */
    public record Caller(String operator) {

        public boolean isOperator() {
            return operator != null;
        }
    }

    public static Optional<Caller> caller(HttpRequest<?> request) {
        return request.getAttribute(CALLER, Caller.class);
    }

    /** The name of the operator making this (write) request, if an operator token was presented. */
    public static Optional<String> operator(HttpRequest<?> request) {
        return caller(request).map(Caller::operator);
    }
}

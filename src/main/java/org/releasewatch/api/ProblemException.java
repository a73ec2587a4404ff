package org.releasewatch.api;

import io.micronaut.http.HttpStatus;

import java.util.Map;

/**
 * An error answer a controller decides on, with its status, the parameter it is about and any extension members
 * (the watchlist's {@code field}, an import's report): {@link ApiErrors} writes it.
 */
public final class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String parameter;
    private final transient Map<String, Object> members;

    public ProblemException(HttpStatus status, String detail, String parameter) {
        this(status, detail, parameter, Map.of());
    }

    public ProblemException(HttpStatus status, String detail, String parameter, Map<String, Object> members) {
        super(detail);
        this.status = status;
        this.parameter = parameter;
        this.members = members;
    }

    public HttpStatus status() {
        return status;
    }

    public String parameter() {
        return parameter;
    }

    public Map<String, Object> members() {
        return members;
    }
}

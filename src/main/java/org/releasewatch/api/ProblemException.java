package org.releasewatch.api;

import io.micronaut.http.HttpStatus;

/** An error answer a controller decides on, with its status and the parameter it is about: {@link ApiErrors} writes it. */
public final class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String parameter;

    public ProblemException(HttpStatus status, String detail, String parameter) {
        super(detail);
        this.status = status;
        this.parameter = parameter;
    }

    public HttpStatus status() {
        return status;
    }

    public String parameter() {
        return parameter;
    }
}

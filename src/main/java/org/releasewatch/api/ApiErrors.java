package org.releasewatch.api;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.swagger.v3.oas.annotations.Hidden;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.releasewatch.broker.WriteUnavailable;
import org.releasewatch.model.BadParameter;

/** The API's exceptions as problem answers, for every controller (global handlers, no routes of their own). */
@Controller
@Hidden
public class ApiErrors {

    private final StreamLimits limits;

    public ApiErrors(StreamLimits limits) {
        this.limits = limits;
    }

    @Error(global = true, exception = BadParameter.class)
    public HttpResponse<String> badParameter(BadParameter e) {
        return Problem.of(HttpStatus.BAD_REQUEST, e.getMessage(), e.parameter());
    }

    @Error(global = true, exception = StreamSlots.Exhausted.class)
    public HttpResponse<String> tooManyStreams(StreamSlots.Exhausted e) {
        return Problem.of(HttpStatus.TOO_MANY_REQUESTS, e.getMessage(), null)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, limits.retryAfter().toSeconds())));
    }

    @Error(global = true, exception = InvalidStateStoreException.class)
    public HttpResponse<String> notReady(InvalidStateStoreException e) {
        return Problem.of(HttpStatus.SERVICE_UNAVAILABLE, "the state is being restored or rebalanced; retry shortly", null);
    }

    @Error(global = true, exception = WriteUnavailable.class)
    public HttpResponse<String> writeUnavailable(WriteUnavailable e) {
        return Problem.of(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), null);
    }

    @Error(global = true, exception = ApiRouting.InstanceUnavailable.class)
    public HttpResponse<String> instanceUnavailable(ApiRouting.InstanceUnavailable e) {
        return Problem.of(HttpStatus.SERVICE_UNAVAILABLE, "another instance holding part of the answer: " + e.getMessage(), null);
    }
}

package org.releasewatch.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.releasewatch.cap.CapRenderer;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/**
 * A message of the alerts topic as an OASIS CAP 1.2 document (contract v1.2): {@code GET /api/alerts/{id}} with
 * {@code Accept: application/cap+xml}, or {@code GET /api/alerts/{id}.cap}. The same access rule as
 * {@code /api/alerts} applies (the path is under {@code /api/}).
 */
@Controller("/api/alerts")
@ExecuteOn(TaskExecutors.BLOCKING)
@ApiResponse(responseCode = "401", description = "no token, or one that matches nothing (problem JSON)")
@ApiResponse(responseCode = "403", description = "this token or client may not do this (problem JSON naming the setting)")
public class CapApi {

    private final QueryApi query;

    public CapApi(QueryApi query) {
        this.query = query;
    }

    /** The CAP document by suffix; {@code GET /api/alerts/{id}} with {@code Accept: application/cap+xml} is {@link QueryApi#alert}. */
    @Get(uri = "/{id}.cap", produces = CapRenderer.MEDIA_TYPE)
    public HttpResponse<?> suffixed(@PathVariable String id) {
        return query.capDocument(id);
    }
}

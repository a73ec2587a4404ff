package org.releasewatch.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.releasewatch.cap.CapRenderer;
import org.releasewatch.cap.CapSettings;
import org.releasewatch.model.Alert;

import java.util.Objects;

/**
 * A message of the alerts topic as an OASIS CAP 1.2 document (contract v1.2): {@code GET /api/alerts/{id}} with
 * {@code Accept: application/cap+xml}, or {@code GET /api/alerts/{id}.cap}. The same access rule as
 * {@code /api/alerts} applies (the path is under {@code /api/}).
 */
@Controller("/api/alerts")
@ExecuteOn(TaskExecutors.BLOCKING)
public class CapApi {

    private final QueryApi query;
    private final CapRenderer renderer;

    public CapApi(QueryApi query, CapSettings settings) {
        this.query = query;
        this.renderer = new CapRenderer(settings);
    }

    @Get(uri = "/{id}", produces = CapRenderer.MEDIA_TYPE)
    public HttpResponse<?> negotiated(@PathVariable String id) {
        return cap(id);
    }

    @Get(uri = "/{id}.cap", produces = CapRenderer.MEDIA_TYPE)
    public HttpResponse<?> suffixed(@PathVariable String id) {
        return cap(id);
    }

    private HttpResponse<?> cap(String id) {
        return query.find(id)
                .<HttpResponse<?>>map(a -> HttpResponse.ok(renderer.render(a, ref -> query.find(ref).map(Alert::emittedAt)
                        .filter(Objects::nonNull))).contentType(MediaType.of(CapRenderer.MEDIA_TYPE)))
                .orElseGet(() -> Problem.of(HttpStatus.NOT_FOUND, "no alert with id " + id, null));
    }
}

package org.releasewatch.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.releasewatch.cap.AtomRenderer;
import org.releasewatch.cap.CapSettings;
import org.releasewatch.model.AlertRule;

/**
 * {@code GET /feeds/alerts.atom} (contract v1.2): the newest {@link #ENTRIES} messages of the alerts topic as an
 * Atom feed, filtered like {@code /api/alerts} by {@code country}, {@code rule} and {@code minSeverity}; each
 * entry links the message's page and its CAP 1.2 document. Under the access rule of {@code /api/alerts}.
 */
@Controller("/feeds")
@ApiResponse(responseCode = "401", description = "no token, or one that matches nothing (problem JSON)")
@ApiResponse(responseCode = "403", description = "this token or client may not do this (problem JSON naming the setting)")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AtomFeedApi {

    static final int ENTRIES = 100;

    private final QueryApi query;
    private final AtomRenderer renderer;
    private final CapSettings settings;

    public AtomFeedApi(QueryApi query, CapSettings settings) {
        this.query = query;
        this.settings = settings;
        this.renderer = new AtomRenderer(settings);
    }

    @Get(uri = "/alerts.atom", produces = AtomRenderer.MEDIA_TYPE)
    public HttpResponse<byte[]> alerts(
            @Parameter(description = "ISO 3166-1 alpha-2 code, any case") @Nullable @QueryValue String country,
            @Parameter(description = AlertRule.NAMED) @Nullable @QueryValue String rule,
            @Parameter(description = "minimum severity: info, warning or critical") @Nullable @QueryValue String minSeverity,
            @Parameter(hidden = true) HttpRequest<?> request) {
        String self = settings.links().base() + request.getUri().toString();
        return HttpResponse.ok(renderer.render(query.newest(country, rule, minSeverity, ENTRIES), self))
                .contentType(MediaType.of(AtomRenderer.MEDIA_TYPE));
    }
}

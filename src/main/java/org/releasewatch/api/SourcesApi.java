package org.releasewatch.api;

import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.releasewatch.api.access.Access;
import org.releasewatch.sources.ListStatus;
import org.releasewatch.sources.SanctionsSources;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The configured sanctions lists: how each was last fetched, and accepting a refused shrink. */
@ApiResponse(responseCode = "401", description = "no token, or one that matches nothing (problem JSON)")
@ApiResponse(responseCode = "403", description = "this token or client may not do this (problem JSON naming the setting)")
@Controller("/api/sources")
public class SourcesApi {

    private final SanctionsSources sources;

    public SourcesApi(SanctionsSources sources) {
        this.sources = sources;
    }

    @Operation(summary = "The configured sanctions lists",
            description = "Each list: format, URL (without query), whether this instance fetches it, the last fetch and "
                    + "its outcome, ETag, publication date, entry count, last change, last error, a refused shrink, and "
                    + "the latest changes whose country could not be resolved.")
    @Get(produces = MediaType.APPLICATION_JSON)
    public Lists lists() {
        return new Lists(sources.statuses().stream().map(ListStatus::toMap).toList());
    }

    @Operation(summary = "Accept a refused shrink of a list (operator)",
            description = "A fetch that shrinks a list by more than releasewatch.sources.max-shrink is refused. Accepting "
                    + "lets the next download with the same content through at once; its removals become LIFTED events.")
    @ApiResponse(responseCode = "202", description = "accepted; the list is fetched again now")
    @ApiResponse(responseCode = "404", description = "no such list")
    @ApiResponse(responseCode = "409", description = "no refused fetch to accept on this instance")
    @SecurityRequirement(name = "operatorToken")
    @Post(uri = "/{list}/accept", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Accepted> accept(@Parameter(description = "the list's id (its format unless configured)") @PathVariable String list,
                                       @Parameter(hidden = true) HttpRequest<?> request) {
        Optional<ListStatus> status = sources.status(list);
        if (status.isEmpty()) {
            throw new ProblemException(HttpStatus.NOT_FOUND, "no sanctions list '" + list + "' is configured; lists: " + sources.listIds(), "list");
        }
        String by = Access.operator(request).orElse("unknown");
        if (!sources.accept(list, by)) {
            String why = status.get().owner()
                    ? "list '" + list + "' has no refused fetch to accept"
                    : "list '" + list + "' is fetched by another instance; send the accept there";
            throw new ProblemException(HttpStatus.CONFLICT, why, "list");
        }
        return HttpResponse.accepted().body(new Accepted(list, by, status.get().toMap().get("refused")));
    }

    /** {@code GET /api/sources}: each configured list's status, as {@link ListStatus#toMap} shows it. */
    public record Lists(List<Map<String, Object>> lists) {
    }

    /** {@code POST /api/sources/{list}/accept}: which list, who accepted, and the refused fetch let through. */
    public record Accepted(String list, String acceptedBy, Object refused) {
    }
}

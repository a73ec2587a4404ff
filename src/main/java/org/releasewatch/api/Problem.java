package org.releasewatch.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import org.releasewatch.json.Json;

import java.util.Map;

/**
 * An error answer as problem JSON (RFC 9457, {@code application/problem+json}): what is wrong, the parameter or body
 * field when one is, and any extension members (RFC 9457 §3.2) after them, e.g. the watchlist's {@code field} or an
 * import's report. Written as text here, not left to a body writer, because the JSON writer is chosen by media type
 * and {@code application/problem+json} is not the one it is registered for.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String parameter,
                      @JsonIgnore Map<String, Object> members) {

    public static final MediaType MEDIA_TYPE = MediaType.of("application/problem+json");

    public Problem {
        members = members == null ? Map.of() : members;
    }

    public static Problem about(HttpStatus status, String detail, String parameter) {
        return new Problem("about:blank", status.getReason(), status.getCode(), detail, parameter, Map.of());
    }

    public static MutableHttpResponse<String> of(HttpStatus status, String detail, String parameter) {
        return of(status, detail, parameter, Map.of());
    }

    public static MutableHttpResponse<String> of(HttpStatus status, String detail, String parameter, Map<String, Object> members) {
        Problem problem = new Problem("about:blank", status.getReason(), status.getCode(), detail, parameter, members);
        return HttpResponse.<String>status(status).contentType(MEDIA_TYPE).body(Json.string(problem));
    }

    /** The extension members, written after the standard ones. */
    @JsonAnyGetter
    Map<String, Object> extensions() {
        return members;
    }
}

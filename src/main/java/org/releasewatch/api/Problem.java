package org.releasewatch.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import org.releasewatch.json.Json;

/**
 * An error answer as problem JSON (RFC 9457, {@code application/problem+json}): what is wrong, and the parameter or
 * body field when one is. Written as text here, not left to a body writer, because the JSON writer is chosen by media
 * type and {@code application/problem+json} is not the one it is registered for.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String parameter) {

    public static final MediaType MEDIA_TYPE = MediaType.of("application/problem+json");

    public static Problem about(HttpStatus status, String detail, String parameter) {
        return new Problem("about:blank", status.getReason(), status.getCode(), detail, parameter);
    }

    public static MutableHttpResponse<String> of(HttpStatus status, String detail, String parameter) {
        return HttpResponse.<String>status(status).contentType(MEDIA_TYPE).body(Json.string(about(status, detail, parameter)));
    }
}

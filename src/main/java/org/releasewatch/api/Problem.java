package org.releasewatch.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import org.releasewatch.json.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/** Error answers as problem JSON (RFC 9457, {@code application/problem+json}): what is wrong, and the parameter when one is. */
public final class Problem {

    public static final MediaType MEDIA_TYPE = MediaType.of("application/problem+json");

    private Problem() {
    }

    public static MutableHttpResponse<String> of(HttpStatus status, String detail, String parameter) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", status.getReason());
        body.put("status", status.getCode());
        body.put("detail", detail);
        if (parameter != null) {
            body.put("parameter", parameter);
        }
        return HttpResponse.<String>status(status).contentType(MEDIA_TYPE).body(Json.string(body));
    }
}

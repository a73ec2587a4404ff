package org.releasewatch.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * With {@code releasewatch.api.token} set, every {@code /api} call needs it: {@code Authorization: Bearer
 * <token>}, or {@code access_token=<token>} in the query for clients that cannot set headers (a browser's
 * EventSource). {@code /health} and {@code /prometheus} stay open.
 */
@Filter("/api/**")
@Requires(property = "releasewatch.api.token")
public class ApiTokenFilter implements HttpServerFilter {

    private final byte[] token;

    public ApiTokenFilter(@Value("${releasewatch.api.token}") String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        String presented = request.getHeaders().getAuthorization()
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7)).map(h -> h.substring(7).trim())
                .orElseGet(() -> request.getParameters().get("access_token"));
        if (presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token)) {
            return chain.proceed(request);
        }
        MutableHttpResponse<?> refused = Problem.of(HttpStatus.UNAUTHORIZED,
                presented == null ? "this API needs a bearer token" : "the bearer token is not valid", null)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"releasewatch\"");
        return Mono.just(refused);
    }
}

package org.releasewatch.api.access;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.http.filter.ServerFilterPhase;
import org.reactivestreams.Publisher;
import io.micronaut.management.health.indicator.HealthResult;
import org.releasewatch.api.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * Applies {@link AccessPolicy} to {@code /api/**} and {@code /prometheus} (reads and writes as the policy
 * says; the caller goes on the request as {@link Access#CALLER}) and decides who sees the details of
 * {@code /health} (it answers everyone; details only for token holders and loopback).
 *
 * <p>The token comes from {@code Authorization: Bearer …}; the {@code access_token} query parameter is read
 * only on the SSE stream, for clients that cannot set headers (a browser's EventSource), because URLs end up
 * in logs and browser history. The client's address is the connection's peer, never a forwarded-for
 * header: behind a reverse proxy on the same host every client looks local, so configure a token there.
 */
@Filter({"/api/**", "/feeds/**", "/prometheus", "/prometheus/**", "/health", "/health/**"})
public class AccessFilter implements HttpServerFilter {

    /** The only path where a token may come in the query string. */
    static final String SSE_PATH = "/api/alerts/stream";

    private final AccessPolicy policy;

    public AccessFilter(AccessPolicy policy) {
        this.policy = policy;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.order();
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        String path = request.getPath();
        boolean loopback = isLoopback(request);
        String presented = presentedToken(request);
        if (path.equals("/health") || path.startsWith("/health/")) {
            if (policy.healthDetailsVisible(loopback, presented)) {
                return chain.proceed(request);
            }
            // Micronaut's details-visible: AUTHENTICATED needs micronaut-security's principal; without it the
            // endpoint shows details to all, and this cuts them down to the status for everybody else
            return Flux.from(chain.proceed(request)).map(AccessFilter::statusOnly);
        }
        AccessPolicy.Decision decision = policy.decide(request.getMethodName(), loopback, presented);
        if (decision.allowed()) {
            request.setAttribute(Access.CALLER, decision.caller());
            return chain.proceed(request);
        }
        MutableHttpResponse<?> refused = Problem.of(HttpStatus.valueOf(decision.status()), decision.reason(), null);
        if (decision.status() == 401) {
            refused.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"releasewatch\"");
        }
        return Mono.just(refused);
    }

    private static MutableHttpResponse<?> statusOnly(MutableHttpResponse<?> response) {
        Object body = response.getBody().orElse(null);
        if (body instanceof HealthResult result) {
            return response.body(Map.of("status", result.getStatus().getName()));
        }
        return body == null ? response : response.body(Map.of("status", response.getStatus().getCode() < 300 ? "UP" : "DOWN"));
    }

    static boolean isLoopback(HttpRequest<?> request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote != null && remote.getAddress() != null && remote.getAddress().isLoopbackAddress();
    }

    static String presentedToken(HttpRequest<?> request) {
        String header = request.getHeaders().getAuthorization()
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7)).map(h -> h.substring(7).trim()).orElse(null);
        if (header != null) {
            return header;
        }
        return request.getPath().equals(SSE_PATH) ? request.getParameters().get("access_token") : null;
    }

    /** The policy from configuration, checked and announced at start-up. */
    @Factory
    static class Configured {

        private static final Logger LOG = LoggerFactory.getLogger(AccessFilter.class);

        @Context
        AccessPolicy accessPolicy(@Nullable @Property(name = AccessPolicy.TOKEN) String token, List<OperatorEntry> operators) {
            AccessPolicy policy = new AccessPolicy(token, operators);
            if (policy.hasReadToken()) {
                LOG.info("HTTP access: /api and /prometheus need {} or an operator token; {} operator(s) may write",
                        AccessPolicy.TOKEN, policy.operatorCount());
            } else {
                LOG.warn("HTTP access: {} is not set, so /api, the dashboard's data and /prometheus answer only clients on"
                        + " the loopback interface (others get 403); set it to read from elsewhere. {} operator(s) may write.",
                        AccessPolicy.TOKEN, policy.operatorCount());
            }
            if (policy.operatorCount() == 0) {
                LOG.info("HTTP access: no {} configured, so nobody may write over HTTP (acknowledge, silence, manage"
                        + " subscriptions)", AccessPolicy.OPERATORS);
            }
            return policy;
        }
    }
}

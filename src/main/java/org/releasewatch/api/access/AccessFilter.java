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
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;
import io.micronaut.web.router.UriRouteMatch;
import org.releasewatch.api.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one access filter over every route: applies {@link AccessPolicy} to every request that a route answers —
 * {@code /api/**}, the management and metrics endpoints ({@code /metrics}, {@code /prometheus}, whatever
 * micronaut-management exposes) and any route added later (reads and writes as the policy says; the caller
 * goes on the request as {@link Access#CALLER}). Open to everyone: GET/HEAD of the pages' static files (no
 * route matched, so the static-resource handler answers) and of {@link OpenPage} routes, and {@code /health},
 * whose details only token holders and loopback see.
 *
 * <p>The token comes from {@code Authorization: Bearer …}; the {@code access_token} query parameter is read
 * only on the SSE stream, for clients that cannot set headers (a browser's EventSource), because URLs end up
 * in logs and browser history. The client's address is the connection's peer, never a forwarded-for
 * header: behind a reverse proxy on the same host every client looks local, so configure a token there.
 */
@Filter("/**")
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
        String host = request.getHeaders().get(HttpHeaders.HOST);
        Optional<RouteMatch<?>> route = RouteAttributes.getRouteMatch(request);
        if (route.isEmpty() && isOpenMethod(request)) {
            return chain.proceed(request); // no route: a static file of the pages, or nothing at all (404)
        }
        if (route.isPresent() && isHealth(route.get())) {
            if (policy.healthDetailsVisible(loopback, presented, host)) {
                return chain.proceed(request);
            }
            // Micronaut's details-visible: AUTHENTICATED needs micronaut-security's principal; without it the
            // endpoint shows details to all, and this cuts them down to the status for everybody else
            return Flux.from(chain.proceed(request)).map(AccessFilter::statusOnly);
        }
        if (route.isPresent() && isOpenMethod(request) && route.get().getAnnotationMetadata().hasStereotype(OpenPage.class)) {
            return chain.proceed(request);
        }
        AccessPolicy.Decision decision = policy.decide(new AccessPolicy.Request(request.getMethodName(),
                route.map(AccessFilter::template).orElse(path), loopback, presented, host,
                request.getHeaders().get(HttpHeaders.ORIGIN)));
        if (decision.allowed()) {
            request.setAttribute(Access.CALLER, decision.caller());
            String proof = policy.identify(presented).kind() == AccessPolicy.Kind.PEER
                    ? policy.peerProof(request.getHeaders().get(PeerProof.NONCE_HEADER)) : null;
            return proof == null ? chain.proceed(request)
                    : Flux.from(chain.proceed(request)).map(response -> response.header(PeerProof.PROOF_HEADER, proof));
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

    private static boolean isOpenMethod(HttpRequest<?> request) {
        String method = request.getMethodName();
        return method.equals("GET") || method.equals("HEAD");
    }

    private static boolean isHealth(RouteMatch<?> route) {
        String template = template(route);
        return template.equals("/health") || template.startsWith("/health/");
    }

    /**
     * The route's path template ({@code /api/watchlist/{personId}}) rather than the request's path, so that
     * {@code //api/watchlist} or {@code /api/watchlist/} cannot look like another route to the policy.
     */
    private static String template(RouteMatch<?> route) {
        return route instanceof UriRouteMatch<?, ?> uri ? uri.getRouteInfo().getUriMatchTemplate().toPathString() : "";
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
        AccessPolicy accessPolicy(@Nullable @Property(name = AccessPolicy.TOKEN) String token,
                                  @Nullable @Property(name = AccessPolicy.PEER_TOKEN) String peerToken,
                                  @Nullable @Property(name = "releasewatch.public-url") String publicUrl,
                                  List<OperatorEntry> operators) {
            AccessPolicy policy = new AccessPolicy(token, peerToken, publicUrl, operators);
            if (policy.hasReadToken()) {
                LOG.info("HTTP access: /api, /metrics and /prometheus need {} or an operator token; {} operator(s) may write",
                        AccessPolicy.TOKEN, policy.operatorCount());
            } else {
                LOG.warn("HTTP access: {} is not set, so /api, the dashboard's data, /metrics and /prometheus answer only"
                        + " clients on the loopback interface with Host localhost, 127.0.0.1, [::1] or the host of"
                        + " releasewatch.public-url (others get 403); set it to read from elsewhere. {} operator(s) may write.",
                        AccessPolicy.TOKEN, policy.operatorCount());
            }
            if (!policy.hasPeerToken()) {
                LOG.info("HTTP access: {} is not set, so this instance neither asks other instances of its application nor"
                        + " answers them (set the same token on every instance to share queries)", AccessPolicy.PEER_TOKEN);
            }
            if (policy.operatorCount() == 0) {
                LOG.info("HTTP access: no {} configured, so nobody may write over HTTP (acknowledge, silence, manage"
                        + " subscriptions)", AccessPolicy.OPERATORS);
            }
            return policy;
        }
    }
}

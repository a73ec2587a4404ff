package org.releasewatch.api.access;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Which {@code Host} and {@code Origin} headers name this service (contract v1.2, "HTTP access, exactly").
 *
 * <p>Without a read token a loopback client reads without credentials. A web page that rebinds its own DNS
 * name to 127.0.0.1 makes the victim's browser such a client, but its requests still carry the page's name in
 * {@code Host}; so tokenless reads are answered only when {@code Host} is {@code localhost}, {@code 127.0.0.1},
 * {@code [::1]} (any port) or the host of {@code releasewatch.public-url}. A browser always sends
 * {@code Origin} with a cross-site write; a write whose {@code Origin} is neither the request's own
 * {@code Host} nor {@code public-url} comes from another site's page and is refused.
 */
final class HostRule {

    private static final Set<String> LOCAL = Set.of("localhost", "127.0.0.1", "[::1]");

    private final String publicHost;   // lower case, or null
    private final String publicOrigin; // scheme://host[:port], lower case, or null

    /** @param publicUrl {@code releasewatch.public-url}, or null */
    HostRule(String publicUrl) {
        URI uri = publicUrl == null || publicUrl.isBlank() ? null : URI.create(publicUrl.trim());
        if (uri != null && uri.getHost() != null) {
            publicHost = uri.getHost().toLowerCase(Locale.ROOT);
            publicOrigin = origin(uri.getScheme(), publicHost, uri.getPort());
        } else {
            publicHost = null;
            publicOrigin = null;
        }
    }

    /** Whether a {@code Host} header (with or without a port) names this service for a tokenless read. */
    boolean localHost(String hostHeader) {
        String host = hostOnly(hostHeader);
        return host != null && (LOCAL.contains(host) || host.equals(publicHost));
    }

    /**
     * Whether a write with this {@code Origin} may go on: no Origin (not a browser, or a same-origin GET-like
     * request), the request's own scheme-less authority ({@code Host}), or the origin of {@code public-url}.
     * {@code Origin: null} (sandboxed frames, data: pages) is foreign.
     */
    boolean ownOrigin(String origin, String hostHeader) {
        if (origin == null) {
            return true;
        }
        URI uri;
        try {
            uri = URI.create(origin.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (uri.getHost() == null || uri.getScheme() == null) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (publicOrigin != null && publicOrigin.equals(origin(uri.getScheme(), host, uri.getPort()))) {
            return true;
        }
        String authority = uri.getRawAuthority().toLowerCase(Locale.ROOT);
        return hostHeader != null && authority.equals(hostHeader.trim().toLowerCase(Locale.ROOT));
    }

    /** The host part of a Host header, lower case, brackets kept for IPv6; null if malformed or absent. */
    static String hostOnly(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return null;
        }
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            if (end < 0 || (end + 1 < h.length() && !h.substring(end + 1).matches(":\\d{1,5}"))) {
                return null;
            }
            return h.substring(0, end + 1);
        }
        int colon = h.indexOf(':');
        if (colon >= 0 && !h.substring(colon + 1).matches("\\d{1,5}")) {
            return null;
        }
        return colon < 0 ? h : h.substring(0, colon);
    }

    private static String origin(String scheme, String host, int port) {
        String s = scheme.toLowerCase(Locale.ROOT);
        int p = port != -1 ? port : s.equals("https") ? 443 : 80;
        return s + "://" + host + ":" + p;
    }
}

package org.releasewatch.sources;

import java.net.URI;

/**
 * A list URL as it may be shown or written anywhere (API, logs, errors, events): without user info, query or
 * fragment, which may hold a personal token (the EU's list URL carries one in its query).
 */
public final class Redact {

    private Redact() {
    }

    /** For people: the URL without secrets, with {@code ?…} where a query was left out. */
    public static String url(String url) {
        String bare = withoutSecrets(url);
        return bare.startsWith("(") || !url.contains("?") ? bare : bare + "?…";
    }

    /** The URL's scheme, host, port and path only. */
    public static String withoutSecrets(String url) {
        try {
            URI u = URI.create(url);
            if (u.getHost() == null || u.getScheme() == null) {
                return "(a URL without a host)";
            }
            return u.getScheme() + "://" + u.getHost()
                    + (u.getPort() < 0 ? "" : ":" + u.getPort()) + (u.getRawPath() == null ? "" : u.getRawPath());
        } catch (IllegalArgumentException e) {
            return "(invalid URL)";
        }
    }

    /**
     * {@code text} with every secret part of {@code url} (its user info and query, raw and decoded) replaced:
     * for messages of exceptions that may quote the URL they failed on.
     */
    public static String scrub(String text, String url) {
        if (text == null || url == null) {
            return text;
        }
        String out = text.replace(url, url(url));
        try {
            URI u = URI.create(url);
            for (String secret : new String[]{u.getRawUserInfo(), u.getUserInfo(), u.getRawQuery(), u.getQuery()}) {
                if (secret != null && !secret.isEmpty()) {
                    out = out.replace(secret, "…");
                }
            }
        } catch (IllegalArgumentException e) {
            // an invalid URL has no parts to find; the whole of it was replaced above
        }
        return out;
    }
}

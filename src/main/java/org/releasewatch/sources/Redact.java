package org.releasewatch.sources;

import java.net.URI;

/** A list URL as shown in the API, logs and errors: without user info, query or fragment, which may hold a key. */
public final class Redact {

    private Redact() {
    }

    public static String url(String url) {
        try {
            URI u = URI.create(url);
            if (u.getHost() == null) {
                return url;
            }
            String q = u.getRawQuery() == null ? "" : "?…";
            return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort())
                    + (u.getRawPath() == null ? "" : u.getRawPath()) + q;
        } catch (IllegalArgumentException e) {
            return "(invalid URL)";
        }
    }
}

package org.releasewatch.delivery;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How a webhook URL is shown anywhere outside its configuration (the API, logs, metrics, the webhook DLQ,
 * error texts): scheme, host and port, then {@code /…} when there is more, and a short hash of the whole URL.
 * Chat services (Slack, Discord, Teams, Telegram) put their secret in the path or the query, so neither is
 * ever shown; the hash still tells two subscriptions to one host apart and matches the URL an operator holds.
 * Example: {@code https://hooks.slack.com/…#a1b2c3}.
 */
public final class Redaction {

    private Redaction() {
    }

    /** The shown form of {@code url}. */
    public static String url(URI url) {
        if (url.getHost() == null) {
            return "(url)#" + hash(url.toString());
        }
        String origin = url.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + url.getHost()
                + (url.getPort() >= 0 ? ":" + url.getPort() : "");
        boolean more = url.getRawUserInfo() != null || url.getRawQuery() != null || url.getRawFragment() != null
                || (url.getRawPath() != null && !url.getRawPath().isEmpty() && !url.getRawPath().equals("/"));
        return origin + (more ? "/…" : "") + "#" + hash(url.toString());
    }

    /** {@link #url(URI)} of a URL given as text; text that is no URL is shown only as its hash. */
    public static String url(String url) {
        try {
            return url(new URI(url.trim()));
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return "(url)#" + hash(url);
        }
    }

    /** {@code text} with every occurrence of {@code url} (as written, and decoded) replaced by its shown form. */
    public static String text(String text, URI url) {
        if (text == null) {
            return null;
        }
        String shown = url(url);
        String out = text.replace(url.toString(), shown);
        if (url.getRawPath() != null && url.getRawPath().length() > 1) {
            out = out.replace(url.getRawPath(), "/…");
            if (url.getPath() != null && url.getPath().length() > 1) {
                out = out.replace(url.getPath(), "/…");
            }
        }
        if (url.getRawQuery() != null) {
            out = out.replace(url.getRawQuery(), "…");
        }
        if (url.getRawUserInfo() != null) {
            out = out.replace(url.getRawUserInfo(), "…");
        }
        return out;
    }

    /** The first 6 hex digits of the URL's SHA-256. */
    static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 3);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

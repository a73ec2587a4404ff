package org.releasewatch.sources;

import io.micronaut.context.exceptions.ConfigurationException;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The start-up checks every followed list shares (sanctions lists and rosters): its URL, public URL, name and
 * interval. Each error names the setting ({@code where}) and stops the service.
 */
final class ListConfigCheck {

    private static final Pattern LIST_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private ListConfigCheck() {
    }

    static void url(String where, String url, boolean allowHttp) {
        if (url == null || url.isBlank()) {
            throw new ConfigurationException(where + ": url is required");
        }
        String scheme;
        try {
            scheme = URI.create(url.trim()).getScheme();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(where + ": url is not a valid URL (" + e.getMessage() + ")");
        }
        if (scheme == null || !Set.of("http", "https").contains(scheme.toLowerCase(Locale.ROOT))) {
            throw new ConfigurationException(where + ": url must be an http or https URL");
        }
        if (!allowHttp && "http".equalsIgnoreCase(scheme)) {
            throw new ConfigurationException(where + ": url is http://, which anyone on the way can read and "
                    + "change; use https:// or set allow-http: true for this list");
        }
    }

    static void publicUrl(String where, String publicUrl) {
        if (publicUrl == null || publicUrl.isBlank()) {
            return;
        }
        try {
            URI pub = URI.create(publicUrl.trim());
            if (pub.getScheme() == null || !Set.of("http", "https").contains(pub.getScheme().toLowerCase(Locale.ROOT))
                    || pub.getHost() == null) {
                throw new ConfigurationException(where + ": public-url must be an http or https URL");
            }
            if (pub.getRawUserInfo() != null) {
                throw new ConfigurationException(where + ": public-url must not carry user information: "
                        + "every event and alert shows it");
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(where + ": public-url is not a valid URL");
        }
    }

    /** A list's name: it is part of snapshot keys, group and transactional ids, metrics and event ids. */
    static void name(String where, String key, String name, Set<String> taken, String hint) {
        if (!LIST_ID.matcher(name).matches()) {
            throw new ConfigurationException(where + ": " + key + " must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (!taken.add(name)) {
            throw new ConfigurationException(where + ": two lists have the " + key + " '" + name + "'; " + hint);
        }
    }

    static void interval(String where, Duration interval) {
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigurationException(where + ": interval must be at least 1s");
        }
    }
}

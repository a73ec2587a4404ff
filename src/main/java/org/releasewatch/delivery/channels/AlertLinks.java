package org.releasewatch.delivery.channels;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a message links back to: {@code releasewatch.public-url} (the address people reach the service at,
 * e.g. {@code https://releasewatch.example.org}) + {@code /alerts/{id}}, the dashboard's page of the alert. Without a public URL the link
 * points at {@code http://localhost:<server port>}, which works for someone on the service's own machine and
 * shows everyone else that the setting is missing.
 */
@Singleton
public final class AlertLinks {

    static final String PATH = "/alerts/";

    private final String base;

    public AlertLinks(@Property(name = "releasewatch.public-url") @Nullable String publicUrl,
                      @Property(name = "micronaut.server.port") @Nullable Integer serverPort) {
        this.base = publicUrl != null && !publicUrl.isBlank()
                ? publicUrl.trim().replaceAll("/+$", "")
                : "http://localhost:" + (serverPort == null || serverPort <= 0 ? 8080 : serverPort);
    }

    public static AlertLinks of(String base) {
        return new AlertLinks(base, null);
    }

    public String base() {
        return base;
    }

    public String alert(String alertId) {
        return base + PATH + URLEncoder.encode(alertId, StandardCharsets.UTF_8);
    }
}

package org.releasewatch.delivery.channels;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * The SMTP relay of the {@code email} channel ({@code releasewatch.email.smtp.*}).
 *
 * @param host     the relay; unset means no email subscription can be used (a clear start-up error if one is configured)
 * @param port     587 (submission with STARTTLS) unless said otherwise
 * @param username AUTH user; unset means no authentication
 * @param password AUTH password; never logged, never in {@link #toString()}
 * @param from     the sender address, e.g. {@code releasewatch <alerts@example.org>}
 * @param starttls upgrade to TLS before anything else is sent, and refuse to send when the relay does not offer it;
 *                 set {@code false} only for a relay on the same host or network segment
 * @param timeout  connect, read and write time-out of one SMTP conversation
 */
@ConfigurationProperties("releasewatch.email.smtp")
public record EmailSettings(
        @Nullable String host,
        @Bindable(defaultValue = "587") int port,
        @Nullable String username,
        @Nullable String password,
        @Nullable String from,
        @Bindable(defaultValue = "true") boolean starttls,
        @Bindable(defaultValue = "15s") Duration timeout) {

    /** Both host and from are set: email subscriptions can be used. */
    public boolean configured() {
        return host != null && !host.isBlank() && from != null && !from.isBlank();
    }

    /** What is missing for email subscriptions, naming the settings; empty when nothing is. */
    public String missing() {
        StringBuilder out = new StringBuilder();
        if (host == null || host.isBlank()) {
            out.append("releasewatch.email.smtp.host");
        }
        if (from == null || from.isBlank()) {
            out.append(out.isEmpty() ? "" : " and ").append("releasewatch.email.smtp.from");
        }
        return out.isEmpty() ? "" : out + " must be set for email subscriptions";
    }

    @Override
    public String toString() {
        return "smtp://" + (username == null ? "" : username + ":***@") + host + ":" + port
                + (starttls ? " (STARTTLS required)" : " (no TLS)") + " from " + from;
    }
}

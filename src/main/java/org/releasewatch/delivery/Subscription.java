package org.releasewatch.delivery;

import org.releasewatch.delivery.channels.ChannelFormat;
import org.releasewatch.delivery.channels.ChannelTarget;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Severity;
import org.releasewatch.model.WebhookFailure;

import java.net.URI;
import java.time.Instant;
import java.util.Set;

/**
 * One configured webhook receiver and the alerts it wants. Empty {@code rules} or {@code countries}
 * means all. The signing key is kept out of {@link #toString()}. {@code channel} says how the alerts are written
 * ({@code format} {@code standard}: the signed JSON; otherwise a chat service or email, see
 * {@link ChannelTarget}); a {@code standard} subscription has a {@code key}, the others have none, and an
 * {@code email} one has no {@code url}. {@code messages} says whether it gets every message of a thread or only the
 * first ({@link Messages}).
 */
public record Subscription(int index, URI url, byte[] key, Set<AlertRule> rules, Set<String> countries,
                           Severity minSeverity, ChannelTarget channel, String id, byte[] previousKey,
                           Instant previousUntil, Messages messages) {

    public Subscription {
        messages = messages == null ? Messages.ALL : messages;
    }

    /** A configured subscription (no rotation under way), its id derived from where it sends. */
    public Subscription(int index, URI url, byte[] key, Set<AlertRule> rules, Set<String> countries,
                        Severity minSeverity, ChannelTarget channel, Messages messages) {
        this(index, url, key, rules, countries, minSeverity, channel, SubscriptionIds.derived(url, channel), null, null,
                messages);
    }

    /** A configured subscription that gets every message. */
    public Subscription(int index, URI url, byte[] key, Set<AlertRule> rules, Set<String> countries,
                        Severity minSeverity, ChannelTarget channel) {
        this(index, url, key, rules, countries, minSeverity, channel, Messages.ALL);
    }

    /** A {@code standard} subscription (signed JSON). */
    public Subscription(int index, URI url, byte[] key, Set<AlertRule> rules, Set<String> countries, Severity minSeverity) {
        this(index, url, key, rules, countries, minSeverity,
                new ChannelTarget(ChannelFormat.STANDARD, url, null, null, null, null));
    }

    Subscription withId(String newId) {
        return new Subscription(index, url, key, rules, countries, minSeverity, channel, newId, previousKey, previousUntil,
                messages);
    }

    /** This subscription as stored in the topic: its id, and the previous key while a rotation overlaps. */
    Subscription stored(String storedId, byte[] previous, Instant until) {
        return new Subscription(index, url, key, rules, countries, minSeverity, channel, storedId, previous, until,
                messages);
    }

    public ChannelFormat format() {
        return channel == null ? ChannelFormat.STANDARD : channel.format();
    }

    public boolean wants(Alert alert) {
        return alert != null && wants(alert.rule() == null ? null : alert.rule().name(),
                alert.severity() == null ? null : alert.severity().wire(), alert.country());
    }

    /**
     * The filters on an alert's fields as text; never throws. A rule filter matches rules by name, so a subscription
     * that names rules does not get one it did not name; a severity that is missing or unknown to this version
     * (a newer one's) passes the {@code min-severity} filter: better delivered once too often than never.
     */
    public boolean wants(String rule, String severity, String country) {
        if (!rules.isEmpty() && (rule == null || rules.stream().noneMatch(r -> r.name().equals(rule)))) {
            return false;
        }
        if (!countries.isEmpty() && (country == null || !countries.contains(country))) {
            return false;
        }
        if (severity == null || minSeverity == null) {
            return true;
        }
        try {
            return Severity.fromWire(severity).atLeast(minSeverity);
        } catch (IllegalArgumentException unknown) {
            return true;
        }
    }

    /**
     * Scheme, host and a hash of the URL (never its path, query or user info): safe for logs, metrics and the DLQ.
     * A chat service's or email's shows no hash either ({@link ChannelTarget#redactedUrl()}): the URL is the secret.
     */
    public String redactedUrl() {
        return format() == ChannelFormat.STANDARD ? Redaction.url(url) : channel.redactedUrl();
    }

    /**
     * The {@code webhook-signature} header at {@code now}: the current key's signature, and during a rotation's
     * overlap also the previous key's, new first, space-separated (Standard Webhooks accepts any that verifies).
     */
    public String signatureHeader(String alertId, long timestamp, byte[] body, Instant now) {
        String current = WebhookSigner.signature(key, alertId, timestamp, body);
        if (previousKey == null || previousUntil == null || !now.isBefore(previousUntil)) {
            return current;
        }
        return current + " " + WebhookSigner.signature(previousKey, alertId, timestamp, body);
    }

    public WebhookFailure.SubscriptionRef ref() {
        return new WebhookFailure.SubscriptionRef(index, redactedUrl());
    }

    @Override
    public String toString() {
        return "subscription " + id + " (" + (format() == ChannelFormat.STANDARD ? "" : format().wire() + " ")
                + redactedUrl() + ")";
    }
}

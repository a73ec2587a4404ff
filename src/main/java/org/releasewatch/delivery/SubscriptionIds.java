package org.releasewatch.delivery;

import org.releasewatch.delivery.channels.ChannelTarget;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Subscription ids: {@code sub_} and 16 lower-case hex digits. A configured subscription without an {@code id}
 * gets one derived from where it sends (its URL; an email one's recipients, a Telegram one's chat, and a PagerDuty
 * one's integration key — hashed with the rest, so the id shows nothing of it), so
 * reordering the configured list changes nothing; one created over the API gets a random one.
 */
public final class SubscriptionIds {

    /** What an explicit id may look like: safe in a consumer group name, a URL path and a log line. */
    public static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private SubscriptionIds() {
    }

    public static String random() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return "sub_" + HexFormat.of().formatHex(b);
    }

    /** The id of a configured subscription as written: its {@code id}, else the one derived from where it sends. */
    public static String of(java.util.Map<String, Object> configured) {
        Object id = configured.get("id");
        if (id != null && !id.toString().isBlank()) {
            return id.toString().trim();
        }
        ChannelTarget channel = ChannelTarget.parse(configured);
        return derived(channel.url(), channel);
    }

    static String derived(URI url, ChannelTarget channel) {
        StringBuilder where = new StringBuilder(url == null ? "" : url.toString());
        if (channel != null) {
            if (channel.chatId() != null) {
                where.append('#').append(channel.chatId());
            }
            channel.to().forEach(to -> where.append("|mailto:").append(to.toLowerCase(Locale.ROOT)));
            if (channel.routingKey() != null) {
                where.append("|routing-key:").append(channel.routingKey());
            }
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(where.toString().getBytes(StandardCharsets.UTF_8));
            return "sub_" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}

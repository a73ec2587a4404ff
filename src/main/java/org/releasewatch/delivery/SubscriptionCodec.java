package org.releasewatch.delivery;

import org.releasewatch.delivery.channels.ChannelFormat;
import org.releasewatch.delivery.channels.PersonField;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Between a subscription's settings as written (a configured list entry, or an API request: {@code url},
 * {@code secret}, {@code rules}, {@code countries}, {@code min-severity}, {@code format}, {@code chat-id}, {@code to},
 * {@code redact}, {@code batch-window}, {@code routing-key}, {@code messages}, {@code locale}), its sealed {@link SubscriptionRecord} on the topic and the
 * {@link Subscription} a worker delivers to. Every path goes through {@link WebhookSettings#parse}, so the API,
 * configuration and the topic accept exactly the same subscriptions.
 */
final class SubscriptionCodec {

    private final SecretBox box;
    private final WebhookSettings settings;

    SubscriptionCodec(SecretBox box, WebhookSettings settings) {
        this.box = box;
        this.settings = settings;
    }

    /**
     * Checks settings as written and seals them into a record.
     *
     * @throws WebhookSettings.InvalidWebhookConfig naming the field
     */
    SubscriptionRecord seal(String id, String origin, Map<String, Object> raw, String description, String state,
                            String createdBy, Instant createdAt, Map<String, Long> startOffsets) {
        Subscription checked = WebhookSettings.parse(-1, raw, settings.targets());
        String secret = checked.format() == ChannelFormat.STANDARD ? string(raw.get("secret")).trim() : null;
        return new SubscriptionRecord(id, origin,
                checked.url() == null ? null : box.encrypt(checked.url().toString(), id),
                secret == null ? null : box.encrypt(secret, id), null, null,
                checked.rules().stream().map(Enum::name).sorted().toList(),
                checked.countries().stream().sorted().toList(),
                checked.minSeverity().wire(), checked.format().wire(),
                checked.channel() == null ? null : checked.channel().chatId(),
                checked.channel() == null || checked.channel().to().isEmpty() ? null : checked.channel().to(),
                checked.channel() == null || checked.channel().redact().isEmpty() ? null
                        : checked.channel().redact().stream().map(PersonField::wire).sorted().toList(),
                checked.channel() == null || checked.channel().batchWindow().isZero() ? null
                        : checked.channel().batchWindow().toSeconds() + "s",
                description, state, null, null, createdBy, createdAt, null, null, startOffsets,
                checked.channel() == null || checked.channel().routingKey() == null ? null
                        : box.encrypt(checked.channel().routingKey(), id),
                checked.messages() == Messages.ALL ? null : checked.messages().wire(),
                checked.channel() == null || checked.channel().language() == null ? null : checked.channel().language().tag());
    }

    String sealSecret(String secret, String id) {
        return box.encrypt(secret, id);
    }

    /** The settings of a record as written, with its URL and secret in clear (never shown, only parsed). */
    Map<String, Object> open(SubscriptionRecord r) {
        Map<String, Object> raw = new LinkedHashMap<>();
        if (r.url() != null) {
            raw.put("url", box.decrypt(r.url(), r.id()));
        }
        if (r.secret() != null) {
            raw.put("secret", box.decrypt(r.secret(), r.id()));
        }
        if (r.routingKey() != null) {
            raw.put("routing-key", box.decrypt(r.routingKey(), r.id()));
        }
        put(raw, "rules", r.rules());
        put(raw, "countries", r.countries());
        put(raw, "min-severity", r.minSeverity());
        put(raw, "format", r.format());
        put(raw, "chat-id", r.chatId());
        put(raw, "to", r.to());
        put(raw, "redact", r.redact());
        put(raw, "batch-window", r.batchWindow());
        put(raw, "messages", r.messages());
        put(raw, "locale", r.locale());
        return raw;
    }

    /**
     * The subscription a worker delivers to.
     *
     * @throws IllegalArgumentException or WebhookSettings.InvalidWebhookConfig (never with a secret in the message)
     */
    Subscription subscription(SubscriptionRecord r, int index) {
        Subscription s = WebhookSettings.parse(index, open(r), settings.targets());
        byte[] previous = r.previousSecret() == null ? null : WebhookSigner.decodeSecret(box.decrypt(r.previousSecret(), r.id()));
        return s.stored(r.id(), previous, r.previousUntil());
    }

    /** Whether configured settings ask for what a record already holds (so folding them in changes nothing). */
    boolean same(Map<String, Object> configured, SubscriptionRecord existing) {
        try {
            Subscription wanted = WebhookSettings.parse(-1, configured, settings.targets());
            Subscription held = WebhookSettings.parse(-1, open(existing), settings.targets());
            // the id is the record's key, not a setting: an explicit id and a derived one compare alike
            return Objects.equals(fingerprint(wanted.withId(existing.id())), fingerprint(held.withId(existing.id())));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** What a worker depends on: a change of any of it replaces the worker. */
    static String fingerprint(Subscription s) {
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        return String.join("|", String.valueOf(s.id()), String.valueOf(s.url()),
                s.key() == null ? "" : b64.encodeToString(s.key()),
                s.previousKey() == null ? "" : b64.encodeToString(s.previousKey()), String.valueOf(s.previousUntil()),
                new java.util.TreeSet<>(s.rules().stream().map(Enum::name).toList()).toString(),
                new java.util.TreeSet<>(s.countries()).toString(), String.valueOf(s.minSeverity()),
                String.valueOf(s.channel()), s.channel() == null ? "" : String.valueOf(s.channel().chatId())
                        + s.channel().to() + new java.util.TreeSet<>(s.channel().redact()),
                s.channel() == null || s.channel().routingKey() == null ? ""
                        : b64.encodeToString(s.channel().routingKey().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                s.messages().wire());
    }

    private static void put(Map<String, Object> raw, String key, Object value) {
        if (value != null) {
            raw.put(key, value instanceof Collection<?> c ? new ArrayList<>(c) : value);
        }
    }

    private static String string(Object value) {
        return value == null ? "" : value.toString();
    }
}

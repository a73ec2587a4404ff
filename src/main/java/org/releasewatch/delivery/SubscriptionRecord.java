package org.releasewatch.delivery;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One subscription as a value of the compacted subscriptions topic (key: {@link #id}). {@code url}, {@code secret},
 * {@code previousSecret} and PagerDuty's {@code routingKey} are sealed by {@link SecretBox} (a chat service's URL is a
 * secret in itself), so the topic holds none of them in clear. {@code messages} is {@code first} or absent (all);
 * {@code locale} the language of its messages, absent (the instance's) in a record written before it existed. {@code origin} is {@code config} for one folded in from configuration,
 * {@code api} for one created over the API. {@code startOffsets} (null: the beginning of the alerts topic, as for a
 * configured one) are the alerts topic's
 * end offsets (by partition) when it was created: its first consumer group starts there, so it gets exactly the
 * alerts appended after its creation (record timestamps on the alerts topic are event times, not emission times).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscriptionRecord(String id, String origin, String url, String secret, String previousSecret,
                                 Instant previousUntil, List<String> rules, List<String> countries, String minSeverity,
                                 String format, String chatId, List<String> to, List<String> redact, String batchWindow,
                                 String description, String state, String disabledReason, Instant disabledAt,
                                 String createdBy, Instant createdAt, String updatedBy,
                                 Instant updatedAt, Map<String, Long> startOffsets, String routingKey, String messages,
                                 String locale) {

    /** A record without a locale (the instance's language). */
    public SubscriptionRecord(String id, String origin, String url, String secret, String previousSecret,
                              Instant previousUntil, List<String> rules, List<String> countries, String minSeverity,
                              String format, String chatId, List<String> to, List<String> redact, String batchWindow,
                              String description, String state, String disabledReason, Instant disabledAt,
                              String createdBy, Instant createdAt, String updatedBy,
                              Instant updatedAt, Map<String, Long> startOffsets, String routingKey, String messages) {
        this(id, origin, url, secret, previousSecret, previousUntil, rules, countries, minSeverity, format, chatId, to,
                redact, batchWindow, description, state, disabledReason, disabledAt, createdBy, createdAt, updatedBy,
                updatedAt, startOffsets, routingKey, messages, null);
    }

    /** A record without a routing key, of a subscription that gets every message. */
    public SubscriptionRecord(String id, String origin, String url, String secret, String previousSecret,
                              Instant previousUntil, List<String> rules, List<String> countries, String minSeverity,
                              String format, String chatId, List<String> to, List<String> redact, String batchWindow,
                              String description, String state, String disabledReason, Instant disabledAt,
                              String createdBy, Instant createdAt, String updatedBy,
                              Instant updatedAt, Map<String, Long> startOffsets) {
        this(id, origin, url, secret, previousSecret, previousUntil, rules, countries, minSeverity, format, chatId, to,
                redact, batchWindow, description, state, disabledReason, disabledAt, createdBy, createdAt, updatedBy,
                updatedAt, startOffsets, null, null);
    }

    public static final String ACTIVE = "active";
    public static final String DISABLED = "disabled";
    public static final String ORIGIN_CONFIG = "config";
    public static final String ORIGIN_API = "api";

    public boolean disabled() {
        return DISABLED.equals(state);
    }

    SubscriptionRecord withState(String newState, String reason, Instant at, String by) {
        return new SubscriptionRecord(id, origin, url, secret, previousSecret, previousUntil, rules, countries, minSeverity,
                format, chatId, to, redact, batchWindow, description, newState, reason,
                DISABLED.equals(newState) ? at : null, createdBy, createdAt, by, at, startOffsets, routingKey, messages, locale);
    }

    SubscriptionRecord withSecrets(String sealedSecret, String sealedPrevious, Instant until, Instant at, String by) {
        return new SubscriptionRecord(id, origin, url, sealedSecret, sealedPrevious, until, rules, countries, minSeverity,
                format, chatId, to, redact, batchWindow, description, state, disabledReason, disabledAt, createdBy,
                createdAt, by, at, startOffsets, routingKey, messages, locale);
    }
}

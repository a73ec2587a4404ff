package org.releasewatch.delivery;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One entry of {@code releasewatch.webhooks.subscriptions}, as written (YAML list, or indexed properties such as
 * {@code releasewatch.webhooks.subscriptions[0].url}). Bound as text and lists of text only: what each value means
 * is checked by {@link WebhookSettings#parse}, the one check the API and the subscriptions topic go through too, so
 * a bad value gets the same message naming {@code subscriptions[<index>].<field>} wherever it comes from.
 *
 * @param index       position in the list (named in configuration errors)
 * @param id          optional; derived from where it sends when not set
 * @param format      {@code standard} (default), {@code slack}, {@code discord}, {@code teams}, {@code telegram},
 *                    {@code email}, {@code pagerduty}
 * @param batchWindow a duration such as {@code 2m}; text here so that a bad one is refused with the field's name
 * @param routingKey  {@code pagerduty}: the Events API v2 integration key (a secret, sealed on the topic)
 * @param messages    {@code all} (default) or {@code first}: only the first message of each thread
 */
@EachProperty(value = WebhookSettings.PREFIX + ".subscriptions", list = true)
public record SubscriptionEntry(@Parameter Integer index, @Nullable String id, @Nullable String url,
                                @Nullable String secret, @Nullable String format, @Nullable List<String> rules,
                                @Nullable List<String> countries, @Nullable String minSeverity,
                                @Nullable String chatId, @Nullable List<String> to, @Nullable List<String> redact,
                                @Nullable String batchWindow, @Nullable String routingKey, @Nullable String messages) {

    /** The keys an entry may have, as written in YAML (camelCase spellings are the same keys to Micronaut). */
    public static final Set<String> KEYS = Set.of("id", "url", "secret", "format", "rules", "countries", "min-severity",
            "chat-id", "to", "redact", "batch-window", "routing-key", "messages");
    /** The keys whose value is a list (one value, or comma-separated values, is a list of those). */
    public static final Set<String> LISTS = Set.of("rules", "countries", "to", "redact");

    /**
     * The settings as the API and the topic write them (kebab-case keys, unset ones left out): what
     * {@link WebhookSettings#parse} checks and what is folded into the subscriptions topic.
     */
    public Map<String, Object> written() {
        Map<String, Object> out = new LinkedHashMap<>();
        put(out, "id", id);
        put(out, "url", url);
        put(out, "secret", secret);
        put(out, "format", format);
        put(out, "rules", rules);
        put(out, "countries", countries);
        put(out, "min-severity", minSeverity);
        put(out, "chat-id", chatId);
        put(out, "to", to);
        put(out, "redact", redact);
        put(out, "batch-window", batchWindow);
        put(out, "routing-key", routingKey);
        put(out, "messages", messages);
        return out;
    }

    private static void put(Map<String, Object> out, String key, Object value) {
        if (value != null) {
            out.put(key, value instanceof List<?> list ? Collections.unmodifiableList(new ArrayList<>(list)) : value);
        }
    }

    @Override
    public String toString() {
        return "subscription entry " + index + (id == null ? "" : " (" + id + ")"); // never the URL or the secret
    }
}

package org.releasewatch.delivery;

import jakarta.inject.Singleton;
import org.releasewatch.broker.WriteUnavailable;
import org.releasewatch.delivery.channels.ChannelFormat;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the subscriptions API does, apart from HTTP: checks a request field by field (through the same parsing as
 * the configuration), seals it into the topic, and shows subscriptions without their secrets.
 */
@Singleton
public class SubscriptionAdmin {

    static final int MAX_DESCRIPTION = 256;
    /** The API's field names, and the settings' names they are checked under. */
    private static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("url", "url"), Map.entry("secret", "secret"), Map.entry("rules", "rules"),
            Map.entry("countries", "countries"), Map.entry("minSeverity", "min-severity"), Map.entry("format", "format"),
            Map.entry("chatId", "chat-id"), Map.entry("to", "to"), Map.entry("redact", "redact"),
            Map.entry("batchWindow", "batch-window"), Map.entry("routingKey", "routing-key"),
            Map.entry("messages", "messages"), Map.entry("locale", "locale"));
    private static final Set<String> PATCHABLE = Set.of("url", "rules", "countries", "minSeverity", "description", "state",
            "chatId", "to", "redact", "batchWindow", "routingKey", "messages", "locale");
    /** What the API shows of a routing key that is set: never the key (it lets anyone open incidents). */
    static final String REDACTED = "redacted";

    private final SubscriptionStore store;
    private final WebhookDelivery delivery;
    private final WebhookSettings settings;

    public SubscriptionAdmin(SubscriptionStore store, WebhookDelivery delivery, WebhookSettings settings) {
        this.store = store;
        this.delivery = delivery;
        this.settings = settings;
    }

    /** A new subscription's view, and its secret (null for a format without one). */
    public record Created(Map<String, Object> view, String secret) {
    }

    public Created create(SubscriptionRequest body, String operator) {
        if (!body.others().isEmpty()) {
            throw invalid(body.others().keySet().iterator().next(), "is not a field of a subscription ("
                    + String.join(", ", new java.util.TreeSet<>(allFields())) + ")");
        }
        if (body.state() != null) {
            throw invalid("state", "is not a field of a subscription (" + String.join(", ", new java.util.TreeSet<>(
                    allFields())) + ")");
        }
        Map<String, Object> raw = settingsOf(body);
        String format = raw.get("format") == null ? ChannelFormat.STANDARD.wire() : raw.get("format").toString();
        String secret = null;
        if (ChannelFormat.STANDARD.wire().equalsIgnoreCase(format)) {
            secret = raw.get("secret") == null ? SecretBox.newSecret() : raw.get("secret").toString();
            raw.put("secret", secret);
        } else if (raw.containsKey("secret")) {
            throw invalid("secret", "the " + format + " format sends no signature, so it takes no secret");
        }
        if (store.all().size() >= SubscriptionStore.MAX_SUBSCRIPTIONS) {
            throw new Conflict("there are " + SubscriptionStore.MAX_SUBSCRIPTIONS + " subscriptions, the most one "
                    + "service follows; delete one first", null);
        }
        String id = SubscriptionIds.random();
        SubscriptionRecord record = store.codec().seal(id, SubscriptionRecord.ORIGIN_API, raw, description(body),
                SubscriptionRecord.ACTIVE, operator, Instant.now(), delivery.alertsEndOffsets());
        checkTarget(record);
        write(record);
        return new Created(view(id), secret);
    }

    public List<Map<String, Object>> list() {
        return store.all().stream().sorted(Comparator.comparing((SubscriptionStore.Entry e) ->
                        Optional.ofNullable(e.record().createdAt()).orElse(Instant.EPOCH)).thenComparing(e -> e.record().id()))
                .map(this::view).toList();
    }

    public Map<String, Object> view(String id) {
        return view(entry(id));
    }

    public Map<String, Object> patch(String id, SubscriptionRequest body, String operator) {
        SubscriptionRecord current = trusted(id);
        Map<String, SubscriptionRequest.Setting> given = body.given();
        List<String> named = new java.util.ArrayList<>(given.keySet());
        named.addAll(body.others().keySet());
        for (String field : named) {
            if (!PATCHABLE.contains(field)) {
                throw invalid(field, "secret".equals(field) ? "changes only by POST /api/subscriptions/{id}/rotate-secret"
                        : "format".equals(field) ? "cannot change; create a new subscription"
                        : "is not a field that can be changed (" + String.join(", ", new java.util.TreeSet<>(PATCHABLE)) + ")");
            }
        }
        Map<String, Object> raw = store.codec().open(current);
        raw.putAll(settingsOf(body));
        given.forEach((f, v) -> {
            if (FIELDS.containsKey(f) && v.cleared()) {
                raw.remove(FIELDS.get(f));
            }
        });
        String state = current.state();
        String reason = current.disabledReason();
        if (body.state() != null) {
            String s = body.state().text();
            if (s == null || !Set.of(SubscriptionRecord.ACTIVE, SubscriptionRecord.DISABLED).contains(s)) {
                throw invalid("state", "must be active or disabled");
            }
            if (!s.equals(state)) {
                state = s;
                reason = SubscriptionRecord.DISABLED.equals(state) ? "disabled by " + operator : null;
            }
        }
        String description = body.description() != null ? description(body) : current.description();
        SubscriptionRecord sealed = store.codec().seal(id, current.origin(), raw, description, state, current.createdBy(),
                current.createdAt(), current.startOffsets());
        Instant now = Instant.now();
        SubscriptionRecord next = new SubscriptionRecord(id, current.origin(), sealed.url(), sealed.secret(),
                current.previousSecret(), current.previousUntil(), sealed.rules(), sealed.countries(), sealed.minSeverity(),
                sealed.format(), sealed.chatId(), sealed.to(), sealed.redact(), sealed.batchWindow(), description, state,
                reason, SubscriptionRecord.DISABLED.equals(state) ? Optional.ofNullable(current.disabledAt()).orElse(now) : null,
                current.createdBy(), current.createdAt(), operator, now, current.startOffsets(), sealed.routingKey(),
                sealed.messages(), sealed.locale());
        if (body.url() != null) {
            checkTarget(next);
        }
        write(next);
        return view(id);
    }

    public void delete(String id) {
        entry(id);
        try {
            store.delete(id);
        } catch (IllegalStateException e) {
            throw new WriteUnavailable(e.getMessage());
        }
    }

    /** A new secret, shown this once, and until when the previous one still signs. */
    public record Rotated(String id, String secret, Instant previousSecretValidUntil) {
    }

    public Rotated rotate(String id, String operator) {
        SubscriptionRecord current = trusted(id);
        if (current.secret() == null) {
            throw new Conflict("the " + current.format() + " format has no secret to rotate", "format");
        }
        String secret = SecretBox.newSecret();
        Instant now = Instant.now();
        Instant until = now.plus(settings.rotationOverlap());
        write(current.withSecrets(store.codec().sealSecret(secret, id), current.secret(), until, now, operator));
        return new Rotated(id, secret, until);
    }

    public boolean replay(String id, Instant since) {
        entry(id);
        return delivery.replay(id, since);
    }

    public List<AttemptsLog.Attempt> attempts(String id, int limit) {
        entry(id);
        return delivery.attempts(id, limit);
    }

    /** The API's name of a settings field ({@code min-severity} → {@code minSeverity}). */
    public static String apiName(String field) {
        if (field == null) {
            return null;
        }
        return FIELDS.entrySet().stream().filter(e -> e.getValue().equals(field)).map(Map.Entry::getKey).findFirst()
                .orElse(field);
    }

    private static Set<String> allFields() {
        Set<String> all = new java.util.HashSet<>(FIELDS.keySet());
        all.add("description");
        return all;
    }

    private SubscriptionStore.Entry entry(String id) {
        return store.get(id).orElseThrow(() -> new NotFound("no subscription " + (id.length() > 80 ? id.substring(0, 80) + "…" : id)));
    }

    /** A record whose fields may be sealed again: one that failed authentication may hold anyone's changes. */
    private SubscriptionRecord trusted(String id) {
        SubscriptionStore.Entry e = entry(id);
        if (e.rejected()) {
            throw new Conflict("subscription " + id + " is " + e.unusable() + "; delete it and create it again", null);
        }
        return e.record();
    }

    private void write(SubscriptionRecord record) {
        try {
            store.put(record);
        } catch (IllegalStateException e) {
            throw new WriteUnavailable(e.getMessage());
        }
    }

    /** The policy checks where the URL resolves to now, as an attempt would: a refused address is a 422. */
    private void checkTarget(SubscriptionRecord record) {
        Subscription s = store.codec().subscription(record, -1);
        Optional<String> refused = delivery.refusedTarget(s);
        if (refused.isPresent()) {
            throw new RefusedTarget("url: " + s.redactedUrl() + " " + refused.get());
        }
    }

    /** The settings the request sets (not those it clears), under the settings' names, as the configuration gives them. */
    private static Map<String, Object> settingsOf(SubscriptionRequest body) {
        Map<String, Object> raw = new LinkedHashMap<>();
        body.given().forEach((api, v) -> {
            if (FIELDS.containsKey(api) && !v.cleared()) {
                raw.put(FIELDS.get(api), v.raw());
            }
        });
        return raw;
    }

    private static String description(SubscriptionRequest body) {
        SubscriptionRequest.Setting d = body.description();
        if (d == null || d.cleared()) {
            return null;
        }
        if (d.text() == null || d.text().length() > MAX_DESCRIPTION) {
            throw invalid("description", "must be a string of at most " + MAX_DESCRIPTION + " characters");
        }
        return d.text();
    }

    private Map<String, Object> view(SubscriptionStore.Entry e) {
        SubscriptionRecord r = e.record();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", r.id());
        out.put("origin", r.origin());
        out.put("url", e.subscription() == null ? null : e.subscription().redactedUrl());
        out.put("format", r.format());
        out.put("rules", r.rules());
        out.put("countries", r.countries());
        out.put("minSeverity", r.minSeverity());
        if (r.chatId() != null) {
            out.put("chatId", r.chatId());
        }
        if (r.to() != null) {
            out.put("to", r.to());
        }
        if (r.redact() != null) {
            out.put("redact", r.redact());
        }
        if (r.batchWindow() != null) {
            out.put("batchWindow", r.batchWindow());
        }
        if (r.routingKey() != null) {
            out.put("routingKey", REDACTED);
        }
        out.put("messages", r.messages() == null ? Messages.ALL.wire() : r.messages());
        if (r.locale() != null) {
            out.put("locale", r.locale());
        }
        out.put("description", r.description());
        out.put("state", r.state());
        out.put("disabledReason", r.disabledReason());
        out.put("disabledAt", r.disabledAt() == null ? null : r.disabledAt().toString());
        if (r.previousUntil() != null && r.previousUntil().isAfter(Instant.now())) {
            out.put("previousSecretValidUntil", r.previousUntil().toString());
        }
        out.put("createdBy", r.createdBy());
        out.put("createdAt", r.createdAt() == null ? null : r.createdAt().toString());
        out.put("updatedBy", r.updatedBy());
        out.put("updatedAt", r.updatedAt() == null ? null : r.updatedAt().toString());
        if (e.unusable() != null) {
            out.put("unusable", e.unusable());
        }
        out.put("delivery", delivery.figures(r.id()));
        return out;
    }

    private static WebhookSettings.InvalidWebhookConfig invalid(String field, String problem) {
        return new WebhookSettings.InvalidWebhookConfig(field + ": " + problem, field, problem, false);
    }

    public static final class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message);
        }
    }

    public static final class Conflict extends RuntimeException {
        private final String field;

        public Conflict(String message, String field) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    public static final class RefusedTarget extends RuntimeException {
        public RefusedTarget(String message) {
            super(message);
        }
    }
}

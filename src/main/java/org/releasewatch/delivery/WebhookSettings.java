package org.releasewatch.delivery;

import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.releasewatch.delivery.channels.ChannelFormat;
import org.releasewatch.delivery.channels.ChannelTarget;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Severity;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The webhook configuration ({@code releasewatch.webhooks.*}), checked as a whole at start-up: a bad
 * subscription stops the service with one message that names it by index and field (and never shows
 * its secret). Micronaut binds the settings ({@link WebhookProperties}, {@link WebhookRetryProperties}) and each
 * list entry ({@link SubscriptionEntry}); this class checks what the values mean.
 */
@Singleton
public final class WebhookSettings {

    static final String PREFIX = "releasewatch.webhooks";
    static final String SUBSCRIPTIONS = PREFIX + ".subscriptions";

    private final List<Subscription> subscriptions;
    private final List<Map<String, Object>> configured;
    private final RetryPolicy retry;
    private final Duration rotationOverlap;
    private final Duration disableAfter;
    private final Duration timeout;
    private final TargetPolicy targets;

    /**
     * @param env where each entry as written is read ({@link #asWritten}): what the binding leaves out of an entry
     *            is refused or taken as written, never dropped; null: the bound entries only
     */
    @Inject
    public WebhookSettings(WebhookProperties properties, WebhookRetryProperties retry, List<SubscriptionEntry> entries,
                           @Nullable Environment env) {
        this.targets = properties.targets();
        this.timeout = properties.timeout();
        this.rotationOverlap = properties.rotationOverlap();
        this.disableAfter = properties.disableAfter();
        try {
            this.retry = retry.policy();
        } catch (IllegalArgumentException e) {
            throw new InvalidWebhookConfig(PREFIX + ".retry." + e.getMessage());
        }
        List<SubscriptionEntry> inOrder = entries.stream().sorted(Comparator.comparing(SubscriptionEntry::index)).toList();
        List<Subscription> parsed = new ArrayList<>();
        List<Map<String, Object>> written = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (SubscriptionEntry entry : inOrder) {
            int i = entry.index();
            Map<String, Object> raw = entry.written();
            if (env != null) {
                raw = asWritten(i, raw, env.getProperty(SUBSCRIPTIONS + "[" + i + "]", Map.class).orElse(Map.of()));
            }
            Subscription s = parse(i, raw, targets);
            if (!ids.add(s.id())) {
                throw invalid(i, entry.id() != null ? "id" : "url", "gives the id " + s.id()
                        + " of an earlier subscription; give one of them another \"id\"");
            }
            parsed.add(s);
            written.add(Map.copyOf(raw));
        }
        this.subscriptions = List.copyOf(parsed);
        this.configured = List.copyOf(written);
    }

    /**
     * The bound entry checked against the entry as written. Micronaut's binding drops, without a word, a value of the
     * wrong type (a map where text or a list is expected), a key it does not know, a camelCase key inside a YAML list
     * entry ({@code minSeverity}) and a list given element by element ({@code rules[0]=…}): the first two stop the
     * start naming the field, the last two are taken as written (so every spelling the API accepts works here too).
     */
    static Map<String, Object> asWritten(int index, Map<String, Object> bound, Map<?, ?> written) {
        Map<String, Object> out = new java.util.LinkedHashMap<>(bound);
        for (Map.Entry<?, ?> e : written.entrySet()) {
            String asGiven = String.valueOf(e.getKey());
            String key = kebab(asGiven);
            Object value = e.getValue();
            if (!SubscriptionEntry.KEYS.contains(key)) {
                throw invalid(index, asGiven, "is not a subscription setting; use one of " + new TreeSet<>(SubscriptionEntry.KEYS));
            }
            if (value == null || out.containsKey(key)) {
                continue;
            }
            boolean list = SubscriptionEntry.LISTS.contains(key);
            if (value instanceof Map<?, ?> || value instanceof Collection<?> c
                    && (!list || c.stream().anyMatch(v -> v instanceof Map<?, ?> || v instanceof Collection<?>))) {
                throw invalid(index, key, "must be " + (list ? "a list of text" : "text") + ", not "
                        + (value instanceof Map<?, ?> ? "a map" : list ? "a nested list" : "a list"));
            }
            out.put(key, value instanceof Collection<?> c ? c.stream().map(String::valueOf).toList() : value.toString());
        }
        return out;
    }

    private static String kebab(String key) {
        return key.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The configured subscriptions as written (with their secrets): what is folded into the subscriptions topic. */
    List<Map<String, Object>> configured() {
        return configured;
    }

    /** {@code rotation-overlap}: how long the previous secret still signs after a rotation. */
    public Duration rotationOverlap() {
        return rotationOverlap;
    }

    /** {@code disable-after}: how long every attempt may fail before the subscription is disabled. */
    public Duration disableAfter() {
        return disableAfter;
    }

    public List<Subscription> subscriptions() {
        return subscriptions;
    }

    public RetryPolicy retry() {
        return retry;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Where webhooks may go ({@code allow-private-networks}, {@code allow-http}, {@code allow-link-local}). */
    public TargetPolicy targets() {
        return targets;
    }

    static Subscription parse(int index, Map<String, Object> raw, TargetPolicy targets) {
        Object explicitId = raw.get("id");
        String id = null;
        if (explicitId != null && !explicitId.toString().isBlank()) {
            id = explicitId.toString().trim();
            if (!SubscriptionIds.VALID.matcher(id).matches()) {
                throw invalid(index, "id", "must be 1 to 64 letters, digits, '_', '.' or '-'");
            }
        }
        Subscription parsed = parseFields(index, raw, targets);
        return id == null ? parsed : parsed.withId(id);
    }

    private static Subscription parseFields(int index, Map<String, Object> raw, TargetPolicy targets) {
        ChannelFormat format;
        try {
            format = ChannelFormat.fromWire(raw.get("format") == null ? null : raw.get("format").toString());
        } catch (IllegalArgumentException e) {
            throw invalid(index, "format", e.getMessage());
        }
        // email has no URL; a chat service's URL is checked against the same target policy as a webhook's
        // PagerDuty's events endpoint unless another is named (a proxy, or a test's receiver)
        Object givenUrl = format == ChannelFormat.PAGERDUTY && (raw.get("url") == null || raw.get("url").toString().isBlank())
                ? ChannelTarget.PAGERDUTY_EVENTS.toString() : raw.get("url");
        URI url = format == ChannelFormat.EMAIL ? null : url(index, givenUrl, targets);
        ChannelTarget channel;
        try {
            channel = ChannelTarget.parse(raw);
        } catch (ChannelTarget.Invalid e) {
            String message = e.getMessage();
            throw invalid(index, e.field(), message.startsWith(e.field() + ": ")
                    ? message.substring(e.field().length() + 2) : message);
        }
        byte[] key = null;
        if (channel.format() == ChannelFormat.STANDARD) {
            try {
                key = WebhookSigner.decodeSecret(raw.get("secret") == null ? null : raw.get("secret").toString());
            } catch (IllegalArgumentException e) {
                throw invalid(index, "secret", e.getMessage());
            }
        }
        Set<AlertRule> rules = new LinkedHashSet<>();
        for (String rule : list(raw.get("rules"))) {
            try {
                rules.add(AlertRule.valueOf(rule.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw invalid(index, "rules", "\"" + rule + "\" is not one of " + Arrays.toString(AlertRule.values()));
            }
        }
        Set<String> countries = new LinkedHashSet<>();
        for (String country : list(raw.get("countries"))) {
            if (!country.trim().matches("[A-Za-z]{2}")) {
                throw invalid(index, "countries", "\"" + country + "\" is not an ISO 3166-1 alpha-2 code");
            }
            countries.add(country.trim().toUpperCase(Locale.ROOT));
        }
        Object minSeverity = raw.containsKey("min-severity") ? raw.get("min-severity") : raw.get("minSeverity");
        Severity severity = Severity.INFO;
        if (minSeverity != null) {
            try {
                severity = Severity.fromWire(minSeverity.toString());
            } catch (IllegalArgumentException e) {
                throw invalid(index, "min-severity", "\"" + minSeverity + "\" is not one of info, warning, critical");
            }
        }
        Messages messages;
        try {
            messages = Messages.fromWire(raw.get("messages") == null ? null : raw.get("messages").toString());
        } catch (IllegalArgumentException e) {
            throw invalid(index, "messages", e.getMessage());
        }
        return new Subscription(index, url, key, Set.copyOf(rules), Set.copyOf(countries), severity, channel, messages);
    }

    private static URI url(int index, Object value, TargetPolicy targets) {
        if (value == null || value.toString().isBlank()) {
            throw invalid(index, "url", "is required");
        }
        URI url;
        try {
            url = new URI(value.toString().trim());
        } catch (URISyntaxException e) {
            // the reason only: the URL itself may hold a secret
            throw invalid(index, "url", "is not a valid URL (" + e.getReason() + ")");
        }
        if (url.getScheme() == null || !Set.of("http", "https").contains(url.getScheme().toLowerCase(Locale.ROOT))) {
            throw invalid(index, "url", "must be an http or https URL");
        }
        if (url.getHost() == null || url.getHost().isBlank()) {
            throw invalid(index, "url", "has no host");
        }
        Optional<String> refused = targets.refuseUrl(url);
        if (refused.isPresent()) {
            throw new InvalidWebhookConfig(SUBSCRIPTIONS + "[" + index + "].url: " + Redaction.url(url) + " "
                    + refused.get(), "url", Redaction.url(url) + " " + refused.get(), true);
        }
        return url;
    }

    private static List<String> list(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).collect(Collectors.toList());
        }
        return Arrays.stream(value.toString().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    static InvalidWebhookConfig invalid(int index, String field, String problem) {
        return new InvalidWebhookConfig(SUBSCRIPTIONS + "[" + index + "]." + field + ": " + problem, field,
                problem, false);
    }

    /**
     * A webhook subscription that cannot be used; the message names it and the field. {@link #field()} and
     * {@link #problem()} say the same for an API answer; {@link #refusedTarget()} when the target policy refused it.
     */
    public static final class InvalidWebhookConfig extends ConfigurationException {
        private final String field;
        private final String problem;
        private final boolean refusedTarget;

        public InvalidWebhookConfig(String message) {
            this(message, null, message, false);
        }

        public InvalidWebhookConfig(String message, String field, String problem, boolean refusedTarget) {
            super(message);
            this.field = field;
            this.problem = problem;
            this.refusedTarget = refusedTarget;
        }

        public String field() {
            return field;
        }

        public String problem() {
            return problem;
        }

        public boolean refusedTarget() {
            return refusedTarget;
        }
    }
}

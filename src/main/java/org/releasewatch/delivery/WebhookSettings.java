package org.releasewatch.delivery;

import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.type.Argument;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The webhook configuration ({@code releasewatch.webhooks.*}), checked as a whole at start-up: a bad
 * subscription stops the service with one message that names it by index and field (and never shows
 * its secret).
 */
@Singleton
public final class WebhookSettings {

    static final String PREFIX = "releasewatch.webhooks";

    private final List<Subscription> subscriptions;
    private final List<Map<String, Object>> configured;
    private final RetryPolicy retry;
    private final Duration rotationOverlap;
    private final Duration disableAfter;
    private final Duration timeout;
    private final TargetPolicy targets;

    public WebhookSettings(Environment env) {
        this.targets = new TargetPolicy(
                env.getProperty(PREFIX + ".allow-private-networks", Boolean.class).orElse(false),
                env.getProperty(PREFIX + ".allow-http", Boolean.class).orElse(false),
                env.getProperty(PREFIX + ".allow-link-local", Boolean.class).orElse(false));
        this.timeout = env.getProperty(PREFIX + ".timeout", Duration.class).orElse(Duration.ofSeconds(15));
        this.rotationOverlap = env.getProperty(PREFIX + ".rotation-overlap", Duration.class).orElse(Duration.ofHours(24));
        this.disableAfter = env.getProperty(PREFIX + ".disable-after", Duration.class).orElse(Duration.ofDays(3));
        this.retry = new RetryPolicy(
                env.getProperty(PREFIX + ".retry.initial-delay", Duration.class).orElse(Duration.ofSeconds(5)),
                env.getProperty(PREFIX + ".retry.max-delay", Duration.class).orElse(Duration.ofHours(1)),
                env.getProperty(PREFIX + ".retry.max-attempts", Integer.class).orElse(8));
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<Map<String, Object>> raw = (List) env.getProperty(PREFIX + ".subscriptions", Argument.listOf(Map.class))
                .orElse(List.of());
        List<Subscription> parsed = new ArrayList<>();
        Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            Subscription s = parse(i, raw.get(i), targets);
            if (!ids.add(s.id())) {
                throw invalid(i, raw.get(i).get("id") != null ? "id" : "url", "gives the id " + s.id()
                        + " of an earlier subscription; give one of them another \"id\"");
            }
            parsed.add(s);
        }
        this.subscriptions = List.copyOf(parsed);
        this.configured = raw.stream().map(m -> Map.copyOf(withoutNulls(m))).toList();
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> m) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (k != null && v != null) {
                out.put(k, v);
            }
        });
        return out;
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
        URI url = format == ChannelFormat.EMAIL ? null : url(index, raw.get("url"), targets);
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
        return new Subscription(index, url, key, Set.copyOf(rules), Set.copyOf(countries), severity, channel);
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
            throw new InvalidWebhookConfig(PREFIX + ".subscriptions[" + index + "].url: " + Redaction.url(url) + " "
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
        return new InvalidWebhookConfig(PREFIX + ".subscriptions[" + index + "]." + field + ": " + problem, field,
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

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
    private final RetryPolicy retry;
    private final Duration timeout;
    private final TargetPolicy targets;

    public WebhookSettings(Environment env) {
        this.targets = new TargetPolicy(
                env.getProperty(PREFIX + ".allow-private-networks", Boolean.class).orElse(false),
                env.getProperty(PREFIX + ".allow-http", Boolean.class).orElse(false),
                env.getProperty(PREFIX + ".allow-link-local", Boolean.class).orElse(false));
        this.timeout = env.getProperty(PREFIX + ".timeout", Duration.class).orElse(Duration.ofSeconds(15));
        this.retry = new RetryPolicy(
                env.getProperty(PREFIX + ".retry.initial-delay", Duration.class).orElse(Duration.ofSeconds(5)),
                env.getProperty(PREFIX + ".retry.max-delay", Duration.class).orElse(Duration.ofHours(1)),
                env.getProperty(PREFIX + ".retry.max-attempts", Integer.class).orElse(8));
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<Map<String, Object>> raw = (List) env.getProperty(PREFIX + ".subscriptions", Argument.listOf(Map.class))
                .orElse(List.of());
        List<Subscription> parsed = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            parsed.add(parse(i, raw.get(i), targets));
        }
        this.subscriptions = List.copyOf(parsed);
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
            throw invalid(index, "url", Redaction.url(url) + " " + refused.get());
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

    static ConfigurationException invalid(int index, String field, String problem) {
        return new InvalidWebhookConfig(PREFIX + ".subscriptions[" + index + "]." + field + ": " + problem);
    }

    /** A webhook subscription that cannot be used; the message names it and the field. */
    public static final class InvalidWebhookConfig extends ConfigurationException {
        public InvalidWebhookConfig(String message) {
            super(message);
        }
    }
}

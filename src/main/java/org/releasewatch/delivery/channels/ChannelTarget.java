package org.releasewatch.delivery.channels;

import io.micronaut.core.convert.ConversionService;
import org.releasewatch.i18n.Language;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where and how one subscription's alerts go when its {@code format} is not {@code standard}: the service's
 * URL (a secret in itself — see {@link #redactedUrl()}), Telegram's {@code chatId}, email recipients {@code to},
 * the person fields left out ({@code redact}), the optional {@code batchWindow} ({@link Duration#ZERO}: one
 * message per alert), PagerDuty's {@code routingKey} (a secret: never in {@link #toString()}) and the {@code locale}
 * its messages are written in ({@link #language()}; null: the instance's {@code releasewatch.locale}).
 */
public record ChannelTarget(ChannelFormat format, URI url, String chatId, List<String> to, Set<PersonField> redact,
                            Duration batchWindow, String routingKey, Language language) {

    /** Longer windows would hold alerts back longer than a person waiting for news accepts. */
    public static final Duration MAX_BATCH_WINDOW = Duration.ofHours(1);
    /** Where PagerDuty's Events API v2 takes events, when a {@code pagerduty} subscription names no {@code url}. */
    public static final URI PAGERDUTY_EVENTS = URI.create("https://events.pagerduty.com/v2/enqueue");
    private static final Pattern CHAT_ID = Pattern.compile("-?[0-9]{1,20}|@[A-Za-z][A-Za-z0-9_]{3,31}");
    /** PagerDuty's integration keys are 32 characters (Events API v2, "routing_key"). */
    private static final Pattern ROUTING_KEY = Pattern.compile("[A-Za-z0-9]{32}");

    public ChannelTarget {
        to = to == null ? List.of() : List.copyOf(to);
        redact = redact == null || redact.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(redact));
        batchWindow = batchWindow == null ? Duration.ZERO : batchWindow;
    }

    /** A target without a routing key (every format but {@code pagerduty}). */
    public ChannelTarget(ChannelFormat format, URI url, String chatId, List<String> to, Set<PersonField> redact,
                         Duration batchWindow) {
        this(format, url, chatId, to, redact, batchWindow, null, null);
    }

    /** A target in the instance's language. */
    public ChannelTarget(ChannelFormat format, URI url, String chatId, List<String> to, Set<PersonField> redact,
                         Duration batchWindow, String routingKey) {
        this(format, url, chatId, to, redact, batchWindow, routingKey, null);
    }

    /** This target with {@code fallback} as its language when it names none. */
    public ChannelTarget inLanguage(Language fallback) {
        return language != null ? this : new ChannelTarget(format, url, chatId, to, redact, batchWindow, routingKey, fallback);
    }

    public boolean redacts(PersonField field) {
        return redact.contains(field);
    }

    /**
     * Pacing and rate limits apply per webhook (Slack, Discord, Teams), per chat (Telegram) and per SMTP
     * relay: this key names one of those without holding the secret in a readable form.
     */
    public String pacingKey() {
        return format.wire() + "|" + (url == null ? "smtp" : url.toString()) + "|" + (chatId == null ? "" : chatId);
    }

    /**
     * The URL without its path, query or user info: chat webhook URLs carry their token in the path (Slack
     * {@code /services/T…/B…/secret}, Discord {@code /api/webhooks/id/token}, Telegram {@code /bot<token>/…}).
     */
    public String redactedUrl() {
        if (url == null) {
            return format == ChannelFormat.EMAIL ? "smtp:" + to.size() + " recipient(s)" : "(none)";
        }
        return url.getScheme() + "://" + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "") + "/…";
    }

    @Override
    public String toString() {
        return format.wire() + " " + redactedUrl() + (batchWindow.isZero() ? "" : " batch " + batchWindow)
                + (language == null ? "" : " in " + language.tag());
    }

    /**
     * Reads the channel part of one configured subscription ({@code format}, {@code url}, {@code chat-id},
     * {@code to}, {@code redact}, {@code batch-window}, {@code locale}; camelCase spellings accepted too).
     *
     * @throws Invalid naming the field and the problem
     */
    public static ChannelTarget parse(Map<String, Object> raw) {
        ChannelFormat format;
        try {
            format = ChannelFormat.fromWire(string(raw.get("format")));
        } catch (IllegalArgumentException e) {
            throw new Invalid("format", e.getMessage());
        }
        Set<PersonField> redact = EnumSet.noneOf(PersonField.class);
        for (String field : list(raw.get("redact"))) {
            try {
                redact.add(PersonField.fromWire(field));
            } catch (IllegalArgumentException e) {
                throw new Invalid("redact", e.getMessage());
            }
        }
        Duration window = window(first(raw, "batch-window", "batchWindow"));
        if (format == ChannelFormat.STANDARD && !window.isZero()) {
            throw new Invalid("batch-window", "applies to the chat and email formats only, not to standard");
        }
        if (format == ChannelFormat.PAGERDUTY && !window.isZero()) {
            throw new Invalid("batch-window", "does not apply to pagerduty: each message is one event of its incident");
        }
        String routingKey = string(first(raw, "routing-key", "routingKey"));
        if (format == ChannelFormat.PAGERDUTY) {
            if (routingKey == null || routingKey.isBlank()) {
                throw new Invalid("routing-key", "a pagerduty subscription needs the integration key of an Events API v2 integration");
            }
            routingKey = routingKey.trim();
            if (!ROUTING_KEY.matcher(routingKey).matches()) {
                // never the value: it is a secret
                throw new Invalid("routing-key", "is not a PagerDuty integration key (32 letters and digits, "
                        + routingKey.length() + " characters given)");
            }
        } else if (routingKey != null && !routingKey.isBlank()) {
            throw new Invalid("routing-key", "applies to the pagerduty format only, not to " + format.wire());
        } else {
            routingKey = null;
        }
        Language language = null;
        String locale = string(raw.get("locale"));
        if (locale != null && !locale.isBlank()) {
            if (format == ChannelFormat.STANDARD) {
                throw new Invalid("locale", "applies to the chat, email and pagerduty formats only, not to standard"
                        + " (its JSON is the contract's, in English)");
            }
            try {
                language = Language.fromTag(locale);
            } catch (IllegalArgumentException e) {
                throw new Invalid("locale", e.getMessage());
            }
        }
        String chatId = string(first(raw, "chat-id", "chatId"));
        List<String> to = list(raw.get("to"));
        URI url = null;
        if (format == ChannelFormat.EMAIL) {
            if (to.isEmpty()) {
                throw new Invalid("to", "an email subscription needs at least one recipient");
            }
            if (to.size() > 50) {
                throw new Invalid("to", "at most 50 recipients (" + to.size() + " given); use a mailing list");
            }
            for (String address : to) {
                try {
                    new InternetAddress(address, true).validate();
                } catch (AddressException e) {
                    throw new Invalid("to", "\"" + address + "\" is not an email address (" + e.getMessage() + ")");
                }
            }
        } else if (format == ChannelFormat.PAGERDUTY && (raw.get("url") == null || raw.get("url").toString().isBlank())) {
            url = PAGERDUTY_EVENTS;
        } else {
            url = url(raw.get("url"));
        }
        if (format == ChannelFormat.TELEGRAM) {
            if (chatId == null || chatId.isBlank()) {
                throw new Invalid("chat-id", "a telegram subscription needs the chat to post to");
            }
            if (!CHAT_ID.matcher(chatId.trim()).matches()) {
                throw new Invalid("chat-id", "\"" + chatId + "\" is neither a numeric chat id nor an @channelusername");
            }
            if (url.getPath() == null || !url.getPath().endsWith("/sendMessage")) {
                throw new Invalid("url", "must be the bot's sendMessage URL (https://api.telegram.org/bot<token>/sendMessage)");
            }
        }
        return new ChannelTarget(format, url, chatId == null ? null : chatId.trim(), to, redact, window, routingKey, language);
    }

    private static URI url(Object value) {
        if (value == null || value.toString().isBlank()) {
            throw new Invalid("url", "is required");
        }
        URI url;
        try {
            url = new URI(value.toString().trim());
        } catch (URISyntaxException e) {
            throw new Invalid("url", "is not a valid URL (" + e.getReason() + ")");
        }
        if (url.getScheme() == null || !Set.of("http", "https").contains(url.getScheme().toLowerCase(Locale.ROOT))
                || url.getHost() == null) {
            throw new Invalid("url", "must be an http or https URL with a host");
        }
        return url;
    }

    private static Duration window(Object value) {
        if (value == null || value.toString().isBlank()) {
            return Duration.ZERO;
        }
        Duration window = value instanceof Duration d ? d
                : ConversionService.SHARED.convert(value.toString().trim(), Duration.class)
                .orElseThrow(() -> new Invalid("batch-window", "\"" + value + "\" is not a duration (e.g. 2m, 90s)"));
        if (window.isNegative() || window.compareTo(MAX_BATCH_WINDOW) > 0) {
            throw new Invalid("batch-window", "must be between 0s and " + MAX_BATCH_WINDOW.toMinutes() + "m, not " + value);
        }
        return window;
    }

    private static Object first(Map<String, Object> raw, String kebab, String camel) {
        return raw.containsKey(kebab) ? raw.get(kebab) : raw.get(camel);
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }

    private static List<String> list(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Collection<?> c) {
            return new ArrayList<>(c.stream().map(String::valueOf).map(String::trim).filter(s -> !s.isEmpty()).toList());
        }
        if (value instanceof Map<?, ?> m) { // YAML lists bound as {0: a, 1: b}
            return new ArrayList<>(m.values().stream().map(String::valueOf).map(String::trim).toList());
        }
        return new ArrayList<>(Arrays.stream(value.toString().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
    }

    /** A channel setting that cannot be used: {@link #field()} names it, the message says why. */
    public static final class Invalid extends IllegalArgumentException {
        private final String field;

        public Invalid(String field, String problem) {
            super(field + ": " + problem);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}

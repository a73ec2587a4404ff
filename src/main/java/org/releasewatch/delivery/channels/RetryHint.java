package org.releasewatch.delivery.channels;

import com.fasterxml.jackson.databind.JsonNode;
import org.releasewatch.json.Json;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Function;

/**
 * How long a service asks us to wait, read from its answer. In order of precision:
 * <ul>
 *   <li>Discord: the JSON body's {@code retry_after}, seconds as a float ({@code 0.357});</li>
 *   <li>Telegram: the JSON body's {@code parameters.retry_after}, whole seconds;</li>
 *   <li>any service: the {@code Retry-After} header, seconds or an HTTP date (RFC 9110 §10.2.3) — Slack and
 *       Teams send it with their 429;</li>
 *   <li>Discord also on a successful answer: {@code X-RateLimit-Remaining: 0} with {@code X-RateLimit-Reset-After}
 *       (see {@link #exhausted}).</li>
 * </ul>
 * Pure: the caller passes the headers, the body and the time.
 */
public final class RetryHint {

    private RetryHint() {
    }

    /** The wait a 429 or 503 answer asks for; empty for other answers or when it names none (or nonsense). */
    public static Optional<Duration> of(int status, Function<String, Optional<String>> header, String body, Instant now) {
        if (status != 429 && status != 503) {
            return Optional.empty();
        }
        Optional<Duration> fromBody = body(body);
        return fromBody.isPresent() ? fromBody : retryAfter(header.apply("Retry-After"), now);
    }

    /**
     * On any answer: when the service says this was the last request of its current window
     * ({@code X-RateLimit-Remaining: 0}), how long until the window resets ({@code X-RateLimit-Reset-After}).
     */
    public static Optional<Duration> exhausted(Function<String, Optional<String>> header) {
        if (!header.apply("X-RateLimit-Remaining").map(String::trim).filter("0"::equals).isPresent()) {
            return Optional.empty();
        }
        return header.apply("X-RateLimit-Reset-After").flatMap(RetryHint::seconds);
    }

    static Optional<Duration> body(String body) {
        if (body == null || body.isBlank() || body.charAt(0) != '{' || body.length() > 65_536) {
            return Optional.empty();
        }
        try {
            JsonNode json = Json.MAPPER.readTree(body);
            JsonNode discord = json.path("retry_after");
            if (discord.isNumber()) {
                return seconds(discord.asText());
            }
            JsonNode telegram = json.path("parameters").path("retry_after");
            if (telegram.isNumber()) {
                return seconds(telegram.asText());
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not JSON after all: the header may still say
        }
        return Optional.empty();
    }

    static Optional<Duration> retryAfter(Optional<String> value, Instant now) {
        return value.map(String::trim).filter(v -> !v.isEmpty()).flatMap(v -> {
            if (v.matches("[0-9]+(\\.[0-9]+)?")) {
                return seconds(v);
            }
            try {
                Duration until = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (RuntimeException notADate) {
                return Optional.empty();
            }
        });
    }

    /** {@code "1.25"} → 1250 ms; negative, not finite or absurd (over a day) → empty. */
    private static Optional<Duration> seconds(String value) {
        try {
            double s = Double.parseDouble(value.trim());
            if (!Double.isFinite(s) || s < 0 || s > 86_400) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofMillis((long) Math.ceil(s * 1000)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}

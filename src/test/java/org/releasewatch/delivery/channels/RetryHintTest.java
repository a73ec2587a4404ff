package org.releasewatch.delivery.channels;

import org.junit.jupiter.api.Test;
import org.releasewatch.testing.Fast;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

@Fast
class RetryHintTest {

    private static final Instant NOW = Instant.parse("2025-12-13T10:00:00Z");

    private static Function<String, Optional<String>> headers(Map<String, String> h) {
        return name -> Optional.ofNullable(h.get(name));
    }

    @Test
    void retryAfterInSecondsOrAsAnHttpDate() {
        assertThat(RetryHint.of(429, headers(Map.of("Retry-After", "7")), "", NOW)).contains(Duration.ofSeconds(7));
        assertThat(RetryHint.of(503, headers(Map.of("Retry-After", "Sat, 13 Dec 2025 10:00:30 GMT")), "", NOW))
                .contains(Duration.ofSeconds(30));
        assertThat(RetryHint.of(429, headers(Map.of("Retry-After", "Sat, 13 Dec 2025 09:00:00 GMT")), "", NOW))
                .as("a date in the past: at once").contains(Duration.ZERO);
    }

    @Test
    void discordsFloatRetryAfterInTheBodyWinsOverItsRoundedHeader() {
        String body = "{\"message\":\"You are being rate limited.\",\"retry_after\":0.357,\"global\":false}";
        assertThat(RetryHint.of(429, headers(Map.of("Retry-After", "1")), body, NOW)).contains(Duration.ofMillis(357));
    }

    @Test
    void telegramsParametersRetryAfter() {
        String body = "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 12\",\"parameters\":{\"retry_after\":12}}";
        assertThat(RetryHint.of(429, headers(Map.of()), body, NOW)).contains(Duration.ofSeconds(12));
    }

    @Test
    void noHintForOtherAnswersOrNonsense() {
        assertThat(RetryHint.of(400, headers(Map.of("Retry-After", "5")), "", NOW)).isEmpty();
        assertThat(RetryHint.of(429, headers(Map.of("Retry-After", "soon")), "not json", NOW)).isEmpty();
        assertThat(RetryHint.of(429, headers(Map.of("Retry-After", "-3")), "{\"retry_after\":-1}", NOW)).isEmpty();
        assertThat(RetryHint.of(429, headers(Map.of()), "{\"retry_after\":1e12}", NOW)).isEmpty();
    }

    @Test
    void aUsedUpDiscordBucketOnASuccessfulAnswer() {
        assertThat(RetryHint.exhausted(headers(Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset-After", "1.5"))))
                .contains(Duration.ofMillis(1500));
        assertThat(RetryHint.exhausted(headers(Map.of("X-RateLimit-Remaining", "3", "X-RateLimit-Reset-After", "1.5")))).isEmpty();
    }
}

package org.releasewatch.delivery;

import org.junit.jupiter.api.Test;
import org.releasewatch.testing.Fast;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@Fast
class RetryPolicyTest {

    private final RetryPolicy defaults = new RetryPolicy(Duration.ofSeconds(5), Duration.ofHours(1), 8);

    @Test
    void theCeilingDoublesFromTheInitialDelayUpToTheMaximum() {
        assertThat(defaults.ceiling(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.ceiling(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.ceiling(7)).isEqualTo(Duration.ofSeconds(320));
        assertThat(defaults.ceiling(11)).isEqualTo(Duration.ofHours(1));
        assertThat(defaults.ceiling(100)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void delaysAreFullyJitteredBelowTheCeiling() {
        // uniform in [0, 20 s] after attempt 3: a zero, constant or uncapped delay fails. With 2000 draws the
        // extremes and the mean (10 s, standard error 0.13 s) lie far inside these bounds for a correct policy.
        List<Long> millis = IntStream.range(0, 2000)
                .mapToObj(i -> defaults.delayAfter(3, Optional.empty()).toMillis()).toList();
        assertThat(millis).allSatisfy(m -> assertThat(m).isBetween(0L, 20_000L));
        assertThat(Collections.max(millis)).as("longest delay").isGreaterThan(18_000L);
        assertThat(Collections.min(millis)).as("shortest delay").isLessThan(2_000L);
        assertThat(millis.stream().mapToLong(Long::longValue).average().orElseThrow()).as("mean delay")
                .isBetween(9_000.0, 11_000.0);
    }

    @Test
    void retryAfterReplacesTheBackOffButNotBeyondTheMaximum() {
        assertThat(defaults.delayAfter(1, Optional.of(Duration.ofSeconds(120)))).isEqualTo(Duration.ofSeconds(120));
        assertThat(defaults.delayAfter(1, Optional.of(Duration.ofDays(2)))).isEqualTo(Duration.ofHours(1));
        assertThat(defaults.delayAfter(1, Optional.of(Duration.ofSeconds(-5)))).isEqualTo(Duration.ZERO);
    }

    @Test
    void theLastAttemptIsTheConfiguredMaximum() {
        assertThat(defaults.exhausted(7)).isFalse();
        assertThat(defaults.exhausted(8)).isTrue();
    }
}

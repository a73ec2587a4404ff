package org.releasewatch.delivery;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

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

    @RepeatedTest(20)
    void delaysAreFullyJitteredBelowTheCeiling() {
        assertThat(defaults.delayAfter(3, Optional.empty())).isBetween(Duration.ZERO, Duration.ofSeconds(20));
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

package org.releasewatch.delivery;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class AttemptsLogTest {

    private static AttemptsLog.Attempt attempt(String id, Instant at, String outcome) {
        return new AttemptsLog.Attempt(id, at, outcome, AttemptsLog.FAILED.equals(outcome) ? 500 : 200, 3L,
                AttemptsLog.FAILED.equals(outcome) ? "HTTP 500" : null, null, false);
    }

    @Test
    void keepsTheLatestHundredNewestFirst() {
        AttemptsLog log = new AttemptsLog();
        Instant t = Instant.parse("2025-12-13T10:00:00Z");
        for (int i = 0; i < 250; i++) {
            log.record(attempt("a" + i, t.plusSeconds(i), AttemptsLog.DELIVERED));
        }
        assertThat(log.latest(1000)).hasSize(100);
        assertThat(log.latest(1000).get(0).alertId()).isEqualTo("a249");
        assertThat(log.latest(1000).get(99).alertId()).isEqualTo("a150");
        assertThat(log.latest(3)).extracting(AttemptsLog.Attempt::alertId).containsExactly("a249", "a248", "a247");
    }

    @Test
    void failingForCountsFromTheFirstFailureAfterTheLastSuccess() {
        AttemptsLog log = new AttemptsLog();
        Instant t = Instant.parse("2025-12-13T10:00:00Z");
        log.record(attempt("a", t, AttemptsLog.FAILED));
        log.record(attempt("b", t.plusSeconds(60), AttemptsLog.DELIVERED));
        log.record(attempt("c", t.plusSeconds(120), AttemptsLog.FAILED));
        log.record(attempt("d", t.plusSeconds(180), AttemptsLog.FAILED));
        assertThat(log.failingFor(Duration.ofSeconds(60), t.plusSeconds(179))).isFalse();
        assertThat(log.failingFor(Duration.ofSeconds(60), t.plusSeconds(180))).isTrue();
        assertThat(log.figures()).containsEntry("lastSuccessAt", t.plusSeconds(60).toString())
                .containsEntry("lastError", "HTTP 500").containsEntry("failingSince", t.plusSeconds(120).toString());
        log.record(attempt("e", t.plusSeconds(240), AttemptsLog.DELIVERED));
        assertThat(log.failingFor(Duration.ZERO, t.plusSeconds(1000))).isFalse();
    }
}

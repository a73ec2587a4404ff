package org.releasewatch.rules;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ReleaseClockTest {

    @Test
    void anEarlierReleaseDoesNotMoveTheClockBack() {
        ReleaseClock clock = new ReleaseClock();
        assertThat(clock.advance(Instant.parse("2025-12-13T10:00:00Z"))).isEqualTo(Instant.parse("2025-12-13T10:00:00Z").toEpochMilli());
        assertThat(clock.advance(Instant.parse("2025-12-01T10:00:00Z"))).isEqualTo(Instant.parse("2025-12-13T10:00:00Z").toEpochMilli());
        assertThat(clock.latest()).isEqualTo(Instant.parse("2025-12-13T10:00:00Z").toEpochMilli());
    }

    @Test
    void beforeAnyReleaseTheClockIsAtTheStartOfTime() {
        assertThat(new ReleaseClock().latest()).isEqualTo(Long.MIN_VALUE);
    }
}

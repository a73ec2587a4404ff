package org.releasewatch.delivery.channels;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Token buckets per target with a stepped clock: no sleeps. */
class PacerTest {

    private final SteppedClock clock = new SteppedClock(Instant.parse("2025-12-13T08:00:00Z"));
    private final Pacer pacer = new Pacer(clock);

    @Test
    void slackOnePerSecond() {
        assertThat(pacer.acquire("slack", Pacing.SLACK)).isZero();
        assertThat(pacer.acquire("slack", Pacing.SLACK)).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofMillis(400));
        assertThat(pacer.acquire("slack", Pacing.SLACK)).isEqualTo(Duration.ofMillis(600));
        clock.advance(Duration.ofMillis(600));
        assertThat(pacer.acquire("slack", Pacing.SLACK)).isZero();
        assertThat(pacer.acquire("other slack webhook", Pacing.SLACK)).as("per target").isZero();
    }

    @Test
    void discordNeverMoreThanFiveInTwoSecondsNorThirtyInAMinute() {
        List<Instant> sent = sendFor("discord", Pacing.DISCORD, Duration.ofMinutes(5));
        assertThat(mostIn(sent, Duration.ofSeconds(2))).isBetween(4, 5);
        assertThat(mostIn(sent, Duration.ofMinutes(1))).isBetween(29, 30);
        assertThat(sent.subList(0, 3)).as("a burst of 3 at once").containsOnly(sent.get(0));
    }

    @Test
    void teamsNeverMoreThanFourASecond() {
        List<Instant> sent = sendFor("teams", Pacing.TEAMS, Duration.ofSeconds(30));
        assertThat(mostIn(sent, Duration.ofSeconds(1))).isBetween(3, 4);
    }

    @Test
    void aTelegramGroupGetsTwentyAMinuteAPrivateChatOneASecond() {
        List<Instant> group = sendFor("tg|-100", Pacing.TELEGRAM_GROUP, Duration.ofMinutes(5));
        assertThat(mostIn(group, Duration.ofMinutes(1))).isBetween(19, 20);
        assertThat(mostIn(group, Duration.ofSeconds(1))).isEqualTo(1);
        List<Instant> chat = sendFor("tg|42", Pacing.TELEGRAM_CHAT, Duration.ofMinutes(1));
        assertThat(mostIn(chat, Duration.ofSeconds(1))).isEqualTo(1);
        assertThat(chat).hasSize(60);
    }

    /** Sends as fast as the pacer allows for {@code period}; the send times. */
    private List<Instant> sendFor(String key, List<Pacer.Rate> rates, Duration period) {
        Instant end = clock.instant().plus(period);
        List<Instant> sent = new java.util.ArrayList<>();
        while (clock.instant().isBefore(end)) {
            Duration wait = pacer.acquire(key, rates);
            if (wait.isZero()) {
                sent.add(clock.instant());
            } else {
                clock.advance(wait);
            }
        }
        return sent;
    }

    /** The most sends in any half-open window [t, t + window). */
    private static int mostIn(List<Instant> sent, Duration window) {
        int most = 0;
        for (int i = 0; i < sent.size(); i++) {
            int n = 0;
            for (int j = i; j < sent.size() && sent.get(j).isBefore(sent.get(i).plus(window)); j++) {
                n++;
            }
            most = Math.max(most, n);
        }
        return most;
    }

    @Test
    void aBurstOf123IsPacedNotRefused() {
        Duration total = Duration.ZERO;
        int sent = 0;
        while (sent < 123) {
            Duration wait = pacer.acquire("slack", Pacing.SLACK);
            if (wait.isZero()) {
                sent++;
            } else {
                clock.advance(wait);
                total = total.plus(wait);
            }
        }
        assertThat(total).isEqualTo(Duration.ofSeconds(122)); // one a second: two minutes, well within the hour
    }

    @Test
    void aHoldOffFromTheServiceKeepsEverythingBackUntilItEnds() {
        pacer.holdOff("teams", Duration.ofSeconds(3));
        assertThat(pacer.acquire("teams", Pacing.TEAMS)).isEqualTo(Duration.ofSeconds(3));
        clock.advance(Duration.ofSeconds(3));
        assertThat(pacer.acquire("teams", Pacing.TEAMS)).isZero();
        assertThat(pacer.acquire("email", List.of())).as("no rates: never paced").isZero();
    }
}

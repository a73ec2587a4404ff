package org.releasewatch.rules;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.junit.jupiter.api.Test;
import org.releasewatch.testing.Fast;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** A live alert gets a commit at the next punctuation; an alert of a backlog waits for the commit interval. */
@Fast
class PromptCommitTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();

    private CapturedPunctuator punctuator() {
        assertThat(context.scheduledPunctuators()).hasSize(1);
        CapturedPunctuator p = context.scheduledPunctuators().get(0);
        assertThat(p.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
        return p;
    }

    @Test
    void aLiveAlertIsCommittedAtTheNextPunctuationAndOnlyOnce() {
        PromptCommit prompt = PromptCommit.every(context, Duration.ofMillis(20));
        CapturedPunctuator p = punctuator();
        assertThat(p.getInterval()).isEqualTo(Duration.ofMillis(20));

        prompt.emitted(NOW.minusMillis(40), NOW);
        assertThat(context.committed()).as("asked at the punctuation, not per alert").isFalse();
        p.getPunctuator().punctuate(NOW.toEpochMilli());
        assertThat(context.committed()).isTrue();

        context.resetCommit();
        p.getPunctuator().punctuate(NOW.plusMillis(20).toEpochMilli());
        assertThat(context.committed()).as("nothing new since the last request").isFalse();
    }

    @Test
    void aBurstOfLiveAlertsCostsOneCommitRequest() {
        PromptCommit prompt = PromptCommit.every(context, Duration.ofMillis(20));
        for (int i = 0; i < 100; i++) {
            prompt.emitted(NOW.minusMillis(i), NOW);
        }
        punctuator().getPunctuator().punctuate(NOW.toEpochMilli());
        assertThat(context.committed()).isTrue();
        context.resetCommit();
        punctuator().getPunctuator().punctuate(NOW.plusMillis(20).toEpochMilli());
        assertThat(context.committed()).isFalse();
    }

    @Test
    void anAlertOfABacklogOrOfUnknownAgeWaitsForTheCommitInterval() {
        PromptCommit prompt = PromptCommit.every(context, Duration.ofMillis(20));
        prompt.emitted(NOW.minus(PromptCommit.LIVE), NOW);
        prompt.emitted(NOW.minusSeconds(3600), NOW);
        prompt.emitted(null, NOW);
        punctuator().getPunctuator().punctuate(NOW.toEpochMilli());
        assertThat(context.committed()).isFalse();

        prompt.emitted(NOW.minus(PromptCommit.LIVE).plusMillis(1), NOW);
        punctuator().getPunctuator().punctuate(NOW.toEpochMilli());
        assertThat(context.committed()).as("just inside the live bound").isTrue();
    }

    @Test
    void aZeroIntervalSchedulesNothing() {
        PromptCommit prompt = PromptCommit.every(context, Duration.ZERO);
        prompt.emitted(NOW, NOW);
        assertThat(context.scheduledPunctuators()).isEmpty();
        assertThat(context.committed()).isFalse();
    }
}

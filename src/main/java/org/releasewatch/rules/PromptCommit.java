package org.releasewatch.rules;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;

import java.time.Duration;
import java.time.Instant;

/**
 * Asks Kafka Streams to commit soon after a live alert, instead of at the next commit interval. An alert is readable
 * ({@code read_committed}) only once its transaction commits, so with the interval alone a live alert waits for up to
 * a whole interval before its commit even starts. A commit costs the thread and the broker the same whatever it
 * carries, so the early commit is kept for alerts whose event was ingested less than {@link #LIVE} ago: while the
 * thread works through a backlog (a backfill, a restart) its alerts are not live, and it commits at the interval.
 *
 * <p>The request is made by a wall-clock punctuation every {@code interval}, not per alert: a burst of live alerts
 * costs one commit per interval, not one per alert. Only when to commit changes, never what: the rules and the
 * alerts they emit do not depend on it.
 */
final class PromptCommit {

    /** An alert whose event was ingested less than this long ago is live. */
    static final Duration LIVE = Duration.ofSeconds(1);

    private boolean pending;

    private PromptCommit() {
    }

    /** Requests a commit on {@code context} every {@code interval} after a live alert; none if it is zero. */
    static PromptCommit every(ProcessorContext<?, ?> context, Duration interval) {
        PromptCommit prompt = new PromptCommit();
        if (!interval.isZero() && !interval.isNegative()) {
            context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, wallClock -> {
                if (prompt.pending) {
                    prompt.pending = false;
                    context.commit();
                }
            });
        }
        return prompt;
    }

    /** An alert was emitted at {@code now}, of an event ingested at {@code ingestedAt} (null if not known). */
    void emitted(Instant ingestedAt, Instant now) {
        if (ingestedAt != null && Duration.between(ingestedAt, now).compareTo(LIVE) < 0) {
            pending = true;
        }
    }
}

package org.releasewatch.rules;

import java.time.Instant;

/**
 * The event time of the releases alone on one stream task: the latest {@code occurredAt} of a release
 * seen so far. The rules that judge "late" or "past" by it would otherwise use the task's stream time,
 * which the sanctions on the same task move too — and in a backfill or replay their small topic is read
 * by its own ingest consumer days or weeks of event time ahead of the releases, so by stream time nearly
 * every release looked late. Held in memory: after a restart it starts again with the first release.
 */
final class ReleaseClock {

    private long latest = Long.MIN_VALUE;

    /** Moves the clock to {@code occurredAt} if that is later, and returns the clock. */
    long advance(Instant occurredAt) {
        latest = Math.max(latest, occurredAt.toEpochMilli());
        return latest;
    }

    long latest() {
        return latest;
    }
}

package org.releasewatch.resilience;

import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import static org.awaitility.Awaitility.await;

/** The one-line report each resilience scenario prints, and what it needs to work it out. */
final class Scenario {

    private Scenario() {
    }

    /**
     * Prints {@code name: lost=… duplicated=… details}, before the scenario's assertions, so the counts are
     * there to read whether it passes or not.
     */
    static void report(String name, long lost, long duplicated, String details) {
        System.out.printf("%s: lost=%d duplicated=%d %s%n", name, lost, duplicated, details);
    }

    /** Waits up to {@code atMost} for the condition; false (not an exception) if it did not come true. */
    static boolean awaitQuietly(Duration atMost, Callable<Boolean> condition) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(500)).until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /** The nearest-rank percentile of sorted values, 0 when there are none. */
    static long percentile(List<Long> sorted, int percent) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}

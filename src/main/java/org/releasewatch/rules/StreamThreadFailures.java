package org.releasewatch.rules;

import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The stream threads that failed and were replaced: a thread that fails on the same record again and again is
 * replaced again and again (REPLACE_THREAD) while the application as a whole still looks RUNNING; {@code /health}
 * counts the replacements in a window to tell that loop from a single mishap. Thread-safe; keeps at most
 * {@value #KEPT} instants.
 */
@Singleton
public class StreamThreadFailures {

    static final int KEPT = 1000;

    private final Clock clock;
    private final Deque<Instant> replaced = new ArrayDeque<>();
    private long total;
    private String lastError;
    private Instant lastAt;

    public StreamThreadFailures() {
        this(Clock.systemUTC());
    }

    StreamThreadFailures(Clock clock) {
        this.clock = clock;
    }

    public synchronized void replaced(Throwable error) {
        Instant now = clock.instant();
        replaced.addLast(now);
        if (replaced.size() > KEPT) {
            replaced.removeFirst();
        }
        total++;
        lastAt = now;
        lastError = describe(error);
    }

    /** Replacements within the last {@code window}. */
    public synchronized int within(Duration window) {
        Instant since = clock.instant().minus(window);
        while (!replaced.isEmpty() && replaced.peekFirst().isBefore(since)) {
            replaced.removeFirst();
        }
        return replaced.size();
    }

    public synchronized long total() {
        return total;
    }

    /** The last failure's exception and message, innermost cause included; null if none. */
    public synchronized String lastError() {
        return lastError;
    }

    public synchronized Instant lastAt() {
        return lastAt;
    }

    static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        if (root != error) {
            text += " (cause: " + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage()) + ")";
        }
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }
}

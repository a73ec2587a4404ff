package org.releasewatch.delivery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * Runs a loop body until stopped and starts it again, after a back-off (1 s doubling to 1 min, from 1 s again once it
 * ran well for five minutes), whatever ends it — a poll that fails, an Error, a bug — logging it at ERROR with its
 * cause. Its state ({@code starting}, {@code running}, {@code restarting}, {@code stopped}), restarts and the last
 * error are for {@code /api/webhooks} and {@code /health}.
 */
final class RestartingLoop {

    private static final Logger LOG = LoggerFactory.getLogger(RestartingLoop.class);
    static final Duration FIRST_RESTART_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_RESTART_DELAY = Duration.ofMinutes(1);

    /** The loop body; it returns when stopped and throws when it fails. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    private final String name;
    private final UnaryOperator<String> redact;
    private final Runnable onRestart;
    private volatile String state = "starting";
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private final AtomicLong restarts = new AtomicLong();

    /**
     * @param name      what the loop is, for the log ("Webhook sub_… (https://host/…)")
     * @param redact    applied to an error's text before it is shown (removes secrets such as a URL's path)
     * @param onRestart called at each restart (a metric)
     */
    RestartingLoop(String name, UnaryOperator<String> redact, Runnable onRestart) {
        this.name = name;
        this.redact = redact;
        this.onRestart = onRestart;
    }

    void run(Body body, BooleanSupplier running) {
        Duration delay = FIRST_RESTART_DELAY;
        while (running.getAsBoolean()) {
            long started = System.nanoTime();
            try {
                body.run();
            } catch (Throwable e) { // NOPMD: nothing may end this thread but a stop
                if (!running.getAsBoolean()) {
                    break;
                }
                lastError = describe(e);
                lastErrorAt = Instant.now();
                state = "restarting";
                restarts.incrementAndGet();
                onRestart.run();
                if (System.nanoTime() - started > MAX_RESTART_DELAY.toNanos() * 5) {
                    delay = FIRST_RESTART_DELAY; // it ran well for a while: start the back-off over
                }
                LOG.error("{} stopped reading; restarting it in {} ms", name, delay.toMillis(), e);
                sleep(delay, running);
                delay = delay.multipliedBy(2).compareTo(MAX_RESTART_DELAY) > 0 ? MAX_RESTART_DELAY : delay.multipliedBy(2);
            }
        }
        state = "stopped";
    }

    /** The body calls this once it reads. */
    void reading() {
        state = "running";
    }

    /** {@code state}, {@code restarts}, {@code lastError}, {@code lastErrorAt} into {@code status}. */
    void putStatus(Map<String, Object> status) {
        status.put("state", state);
        status.put("restarts", restarts.get());
        status.put("lastError", lastError);
        status.put("lastErrorAt", lastErrorAt == null ? null : lastErrorAt.toString());
    }

    /** The exception and its innermost cause, redacted and at most 500 characters. */
    private String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = redact.apply(e.toString() + (root != e ? " (cause: " + root + ")" : ""));
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }

    private static void sleep(Duration delay, BooleanSupplier running) {
        long until = System.nanoTime() + delay.toNanos();
        while (running.getAsBoolean() && System.nanoTime() < until) {
            try {
                Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

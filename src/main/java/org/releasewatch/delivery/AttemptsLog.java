package org.releasewatch.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One subscription's latest delivery attempts on this instance ({@link #MAX} of them, the oldest dropped) and its
 * figures: last success, last error, and since when every attempt has failed (what {@code disable-after} measures).
 * In memory, per instance: each instance delivers the partitions assigned to it, so a subscription's attempts are
 * split between the instances, and a restart starts an empty log. Outlives the worker: a worker replaced after a
 * change keeps writing the same log. Thread-safe.
 */
public final class AttemptsLog {

    public static final int MAX = 100;

    /** One attempt; {@code status} and {@code latencyMillis} null when there was no HTTP answer. */
    public record Attempt(String alertId, Instant at, String outcome, Integer status, Long latencyMillis, String error,
                          String heldBy, boolean replay) {
    }

    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";
    public static final String DEAD_LETTERED = "dead_lettered";
    public static final String SILENCED = "silenced";

    private final ArrayDeque<Attempt> attempts = new ArrayDeque<>();
    private Instant lastSuccessAt;
    private Instant lastErrorAt;
    private String lastError;
    private Instant failingSince;

    public synchronized void record(Attempt attempt) {
        if (attempts.size() >= MAX) {
            attempts.pollFirst();
        }
        attempts.addLast(attempt);
        switch (attempt.outcome()) {
            case DELIVERED -> {
                lastSuccessAt = attempt.at();
                failingSince = null;
            }
            case FAILED, DEAD_LETTERED -> {
                if (attempt.status() != null || attempt.error() != null) {
                    lastErrorAt = attempt.at();
                    lastError = attempt.error();
                }
                if (FAILED.equals(attempt.outcome()) && failingSince == null) {
                    failingSince = attempt.at();
                }
            }
            default -> {
            }
        }
    }

    /** The latest {@code limit} attempts, newest first. */
    public synchronized List<Attempt> latest(int limit) {
        List<Attempt> out = new ArrayList<>(attempts);
        java.util.Collections.reverse(out);
        return out.subList(0, Math.min(limit, out.size()));
    }

    /** True when every attempt since at least {@code span} ago has failed. */
    synchronized boolean failingFor(Duration span, Instant now) {
        return failingSince != null && !failingSince.plus(span).isAfter(now);
    }

    public synchronized Map<String, Object> figures() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("lastSuccessAt", lastSuccessAt == null ? null : lastSuccessAt.toString());
        out.put("lastErrorAt", lastErrorAt == null ? null : lastErrorAt.toString());
        out.put("lastError", lastError);
        out.put("failingSince", failingSince == null ? null : failingSince.toString());
        return out;
    }
}

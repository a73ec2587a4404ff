package org.releasewatch.delivery.channels;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps each target within its service's rate: one token bucket per target and {@link Rate}, plus a hold-off
 * after a service asked us to wait. {@link #acquire} never sleeps: it either takes a token (the message may go
 * now) or says how long to wait — the worker's timer does the waiting. The clock is injected, so tests step
 * time instead of sleeping. Targets not used for a while are forgotten (at most {@value #MAX_TARGETS} kept).
 */
public final class Pacer {

    static final int MAX_TARGETS = 10_000;

    /** At most {@code burst} messages at once, refilled at {@code burst} per {@code per}. */
    public record Rate(int burst, Duration per) {
        public Rate {
            if (burst < 1 || per.isNegative() || per.isZero()) {
                throw new IllegalArgumentException("a rate needs a burst ≥ 1 and a positive period");
            }
        }

        double perNano() {
            return burst / (double) per.toNanos();
        }
    }

    private static final class Target {
        double[] tokens; // full buckets until first used; null while only a hold-off is known
        Instant refilled;
        Instant holdUntil = Instant.MIN;

        Target(Instant now) {
            refilled = now;
        }
    }

    private final Clock clock;
    private final Map<String, Target> targets = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Target> eldest) {
            return size() > MAX_TARGETS;
        }
    };

    public Pacer(Clock clock) {
        this.clock = clock;
    }

    /**
     * Takes one token from each of the target's buckets if all have one and no hold-off is running:
     * {@link Duration#ZERO}, send now. Otherwise takes nothing and returns how long until it would.
     */
    public synchronized Duration acquire(String key, List<Rate> rates) {
        Instant now = clock.instant();
        Target t = targets.computeIfAbsent(key, k -> new Target(now));
        refill(t, rates, now);
        Duration wait = now.isBefore(t.holdUntil) ? Duration.between(now, t.holdUntil) : Duration.ZERO;
        for (int i = 0; i < rates.size(); i++) {
            if (t.tokens[i] < 1) {
                long nanos = (long) Math.ceil((1 - t.tokens[i]) / rates.get(i).perNano());
                Duration w = Duration.ofNanos(nanos);
                wait = w.compareTo(wait) > 0 ? w : wait;
            }
        }
        if (!wait.isZero()) {
            return wait;
        }
        for (int i = 0; i < rates.size(); i++) {
            t.tokens[i] -= 1;
        }
        return Duration.ZERO;
    }

    /** The service asked for a pause (a 429's hint, or a used-up rate window): nothing goes to the target before it ends. */
    public synchronized void holdOff(String key, Duration wait) {
        Instant until = clock.instant().plus(wait);
        Target t = targets.get(key);
        if (t == null) {
            t = new Target(clock.instant());
            targets.put(key, t);
        }
        if (until.isAfter(t.holdUntil)) {
            t.holdUntil = until;
        }
    }

    private static void refill(Target t, List<Rate> rates, Instant now) {
        if (t.tokens == null || t.tokens.length != rates.size()) {
            t.tokens = rates.stream().mapToDouble(Rate::burst).toArray();
            t.refilled = now;
            return;
        }
        long elapsed = Duration.between(t.refilled, now).toNanos();
        if (elapsed > 0) {
            for (int i = 0; i < rates.size(); i++) {
                t.tokens[i] = Math.min(rates.get(i).burst(), t.tokens[i] + elapsed * rates.get(i).perNano());
            }
            t.refilled = now;
        }
    }
}

package org.releasewatch.api;

import jakarta.inject.Singleton;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts open alert streams against {@link StreamLimits#max()}. */
@Singleton
public class StreamSlots {

    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    public StreamSlots(StreamLimits limits) {
        this.max = limits.max();
    }

    /** Takes a slot, or returns false when all are taken. */
    public boolean tryAcquire() {
        while (true) {
            int now = open.get();
            if (now >= max) {
                return false;
            }
            if (open.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    public void release() {
        open.decrementAndGet();
    }

    public int open() {
        return open.get();
    }

    public int max() {
        return max;
    }

    /** All stream slots are taken: 429. */
    public static final class Exhausted extends RuntimeException {
        public Exhausted(String message) {
            super(message);
        }
    }
}

package org.releasewatch.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** For the bench's CPU-counting tests: a thread that uses a given amount of CPU, then runs {@code then} and ends. */
final class CpuBurner {

    private CpuBurner() {
    }

    static Thread start(String name, long cpuNanos, Runnable then) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Thread thread = new Thread(() -> {
            long me = Thread.currentThread().getId();
            long x = 0;
            while (threads.getThreadCpuTime(me) < cpuNanos) {
                x += System.nanoTime() % 7;
            }
            then.run();
        }, name);
        thread.start();
        return thread;
    }

    /** Uses {@code cpuNanos} of CPU on a thread of its own, and returns once that thread has ended. */
    static void burnAndEnd(String name, long cpuNanos) throws InterruptedException {
        start(name, cpuNanos, () -> { }).join();
    }
}

package org.releasewatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;

/**
 * CPU time of a process's threads as Linux counts it ({@code /proc/<pid>/task/<tid>/stat}, user + system), grouped by
 * thread name with digits and ids folded ({@code data-plane-kafka-request-handler-N}), so that a phase's share of a
 * core can be given per kind of thread: where a full machine's CPU goes. A thread that ends within the phase is no
 * longer listed at its end and is not counted: the bench measures long-lived threads. The process's own total
 * ({@code /proc/<pid>/stat}) does count them, so a phase's CPU per event is taken from it.
 */
final class ThreadCpu {

    /** Clock ticks a second ({@code getconf CLK_TCK}): 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final Map<String, Long> ticksByGroup;
    /** The whole process's ticks, threads that have ended included; -1 where /proc cannot be read. */
    private final long processTicks;
    private final long atNanos;

    private ThreadCpu(Map<String, Long> ticksByGroup, long processTicks, long atNanos) {
        this.ticksByGroup = ticksByGroup;
        this.processTicks = processTicks;
        this.atNanos = atNanos;
    }

    /** The threads' CPU ticks now; empty where /proc cannot be read (not Linux). */
    static ThreadCpu of(long pid) {
        Map<String, Long> ticks = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    ticks.merge(group(name(stat)), ticks(stat), Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended between the listing and the read
                }
            });
            return new ThreadCpu(ticks, ticks(Files.readString(Path.of("/proc", String.valueOf(pid), "stat"))), System.nanoTime());
        } catch (IOException e) {
            return new ThreadCpu(Map.of(), -1, System.nanoTime());
        }
    }

    /** "tid (name) state ppid ...": the name may hold spaces and parentheses, so it is cut at the last ')'. */
    private static String name(String stat) {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }

    /** utime + stime of a {@code stat} line. */
    static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /**
     * The kind of thread: Linux keeps a thread's first 15 characters only, so the stream thread
     * ({@code <application id>-<uuid>-StreamThread-1}) is {@code <application id>-ID}.
     */
    static String group(String threadName) {
        return threadName.replaceAll("-[0-9a-f]{6,}.*$", "-ID").replaceAll("\\d+", "N");
    }

    /**
     * Per thread group, the share of one core (%) it used between {@code before} and this, the largest first, the
     * groups under 1 % folded into "other", and "total" first.
     */
    Map<String, Double> percentSince(ThreadCpu before) {
        double seconds = (atNanos - before.atNanos) / 1e9;
        Map<String, Double> byGroup = perGroupSince(before, 100 / TICKS_PER_SECOND / seconds);
        return folded(byGroup.values().stream().mapToDouble(Double::doubleValue).sum(), byGroup, 1, Decimals::one);
    }

    /**
     * CPU seconds per 1 000 events between {@code before} and this: "total" is the whole process's (threads that ended
     * within the phase included), then per kind of thread alive at the end, the largest first, those under 1 % of the
     * total folded into "other". What a phase costs per event, whether or not the machine was full.
     */
    Map<String, Double> secondsPerThousandEventsSince(ThreadCpu before, long events) {
        double scale = 1000.0 / events / TICKS_PER_SECOND;
        double total = (processTicks - before.processTicks) * scale;
        return folded(total, perGroupSince(before, scale), total / 100, Decimals::three);
    }

    /** Seconds of CPU the whole process used since {@code before}, threads that ended included. */
    double processSecondsSince(ThreadCpu before) {
        return (processTicks - before.processTicks) / TICKS_PER_SECOND;
    }

    private Map<String, Double> perGroupSince(ThreadCpu before, double scale) {
        Map<String, Double> byGroup = new HashMap<>();
        ticksByGroup.forEach((group, ticks) -> byGroup.put(group, (ticks - before.ticksByGroup.getOrDefault(group, 0L)) * scale));
        return byGroup;
    }

    private static Map<String, Double> folded(double total, Map<String, Double> byGroup, double foldBelow,
                                              DoubleUnaryOperator round) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("total", round.applyAsDouble(total));
        double listed = 0;
        for (Map.Entry<String, Double> e : byGroup.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).toList()) {
            if (e.getValue() >= foldBelow && e.getValue() > 0) {
                out.put(e.getKey(), round.applyAsDouble(e.getValue()));
                listed += e.getValue();
            }
        }
        out.put("other", round.applyAsDouble(Math.max(0, total - listed))); // the smaller kinds, and threads that ended
        return out;
    }
}

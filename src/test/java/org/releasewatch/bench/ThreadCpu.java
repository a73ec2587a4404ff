package org.releasewatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of a process's threads as Linux counts it ({@code /proc/<pid>/task/<tid>/stat}, user + system), grouped by
 * thread name with digits and ids folded ({@code data-plane-kafka-request-handler-N}), so that a phase's share of a
 * core can be given per kind of thread: where a full machine's CPU goes. A thread that ends within the phase is no
 * longer listed at its end and is not counted: the bench measures long-lived threads.
 */
final class ThreadCpu {

    /** Clock ticks a second ({@code getconf CLK_TCK}): 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final Map<String, Long> ticksByGroup;
    private final long atNanos;

    private ThreadCpu(Map<String, Long> ticksByGroup, long atNanos) {
        this.ticksByGroup = ticksByGroup;
        this.atNanos = atNanos;
    }

    /** The threads' CPU ticks now; empty where /proc cannot be read (not Linux). */
    static ThreadCpu of(long pid) {
        Map<String, Long> ticks = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    // "tid (name) state ppid ...": the name may hold spaces and parentheses, so cut at the last ')'
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long used = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                    ticks.merge(group(name), used, Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended between the listing and the read
                }
            });
        } catch (IOException e) {
            return new ThreadCpu(Map.of(), System.nanoTime());
        }
        return new ThreadCpu(ticks, System.nanoTime());
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
        Map<String, Double> byGroup = new HashMap<>();
        ticksByGroup.forEach((group, ticks) ->
                byGroup.put(group, 100 * (ticks - before.ticksByGroup.getOrDefault(group, 0L)) / TICKS_PER_SECOND / seconds));
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("total", Decimals.one(byGroup.values().stream().mapToDouble(Double::doubleValue).sum()));
        double other = 0;
        for (Map.Entry<String, Double> e : byGroup.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).toList()) {
            if (e.getValue() >= 1) {
                out.put(e.getKey(), Decimals.one(e.getValue()));
            } else {
                other += e.getValue();
            }
        }
        out.put("other", Decimals.one(other));
        return out;
    }
}

package org.releasewatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Memory of a process as Linux reports it ({@code /proc/<pid>/status}). */
final class ProcessStats {

    private ProcessStats() {
    }

    /** Peak resident set size (VmHWM), in MiB; -1 where it cannot be read. */
    static double peakRssMb(long pid) {
        return field(pid, "VmHWM:");
    }

    /** Current resident set size (VmRSS), in MiB; -1 where it cannot be read. */
    static double rssMb(long pid) {
        return field(pid, "VmRSS:");
    }

    private static double field(long pid, String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Bytes under a folder. */
    static long sizeOf(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return -1;
        }
    }
}

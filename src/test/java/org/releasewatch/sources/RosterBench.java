package org.releasewatch.sources;

import org.releasewatch.sources.format.ListFormat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * How fast a 5 000-row roster is read and compared, and what it takes in memory: each pass parses the CSV (as
 * downloaded, bytes) into persons and diffs it against the previous version (123 persons fewer), as a fetch does.
 * Prints rows per second over the timed passes, the bytes allocated per pass, and the heap the parsed roster
 * occupies. Run it alone (figures depend on the load):
 * {@code ./mvnw -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt &&
 * java -Xmx256m -cp target/classes:target/test-classes:$(cat target/cp.txt) org.releasewatch.sources.RosterBench}
 */
public final class RosterBench {

    private static final int ROWS = 5000;
    // the version timed lists 123 fewer than the 5 000 before it
    private static final int WARMUP = 200;
    private static final int PASSES = 400;

    private RosterBench() {
    }

    public static void main(String[] args) throws Exception {
        RosterConfig config = new RosterConfig("bench", "https://example.org/r.csv", "csv",
                Map.of("id", "id", "name", "ФИО", "country", "country", "status", "status"), null, List.of("вызвалены"),
                Duration.ofHours(1), null, false, null, null);
        RosterSource source = new RosterSource(config, "releases");
        // the previous version lists everyone; the one read lists 123 fewer: what a changed fetch computes
        Map<String, RosterEntry> everyone = source.read(new ByteArrayInputStream(
                Rosters.csv(Rosters.ids(ROWS), ',').getBytes(StandardCharsets.UTF_8)), ROWS).entries();
        TreeSet<Integer> fewer = Rosters.ids(ROWS);
        fewer.removeAll(Rosters.ids(123));
        byte[] file = Rosters.csv(fewer, ',').getBytes(StandardCharsets.UTF_8);
        ListSource.Context context = new ListSource.Context(Instant.now(), Instant.now(), "sha256:bench", 1);
        int events = pass(source, file, everyone, context);

        for (int i = 0; i < WARMUP; i++) {
            pass(source, file, everyone, context);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocated0 = threads.getCurrentThreadAllocatedBytes();
        long t0 = System.nanoTime();
        for (int i = 0; i < PASSES; i++) {
            pass(source, file, everyone, context);
        }
        long nanos = System.nanoTime() - t0;
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocated0;

        long heapBefore = usedAfterGc();
        Map<String, RosterEntry> kept = source.read(new ByteArrayInputStream(file), ROWS).entries();
        long heapAfter = usedAfterGc();

        System.out.printf("roster: %d rows, %d bytes of CSV, diffed against the %d rows before: %d inferred releases per version%n",
                fewer.size(), file.length, everyone.size(), events);
        System.out.printf("parse+diff: %d passes in %.2f s = %,.0f rows/s (%.2f ms per 5 000-row version)%n",
                PASSES, nanos / 1e9, (double) fewer.size() * PASSES / (nanos / 1e9), nanos / 1e6 / PASSES);
        System.out.printf("allocated per version: %.1f MB; heap held by the parsed roster: %.1f MB (%d rows); max heap %d MB%n",
                allocated / (double) PASSES / 1e6, (heapAfter - heapBefore) / 1e6, kept.size(),
                Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }

    /** One version: parse, diff, the events serialised; returns how many. */
    private static int pass(RosterSource source, byte[] file, Map<String, RosterEntry> previous, ListSource.Context context)
            throws IOException, ListFormat.MalformedListException {
        ListSource.Read<RosterEntry> read = source.read(new ByteArrayInputStream(file), ROWS);
        int events = source.next(previous, read, context).events().size();
        if (events != 123) {
            throw new IllegalStateException("expected 123 inferred releases, got " + events);
        }
        return events;
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}

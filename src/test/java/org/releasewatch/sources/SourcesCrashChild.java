package org.releasewatch.sources;

import org.releasewatch.ReleasewatchService;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A service in a child JVM for {@link SourcesKillResilienceIT}: started from a properties file, it stops in the
 * middle of its first fetch that has events — the events and the snapshot update sent to Kafka, the transaction
 * not committed — prints {@code IN-TRANSACTION <event ids>} and waits there to be killed.
 */
public final class SourcesCrashChild {

    private SourcesCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Properties file = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(args[0]))) {
            file.load(in);
        }
        Map<String, Object> properties = new HashMap<>();
        file.forEach((k, v) -> properties.put(k.toString(), v));
        ReleasewatchService service = ReleasewatchService.start(new String[0], properties);
        service.context().getBean(SanctionsSources.class).runner(args[1]).beforeCommit(eventIds -> {
            if (!eventIds.isEmpty()) {
                System.out.println("IN-TRANSACTION " + String.join(",", eventIds));
                System.out.flush();
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        System.out.println("STARTED");
        System.out.flush();
        Thread.currentThread().join();
    }
}

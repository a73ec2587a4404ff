package org.releasewatch.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Where the service's CPU time went, from its Java Flight Recorder file: the share of execution
 * samples per top frame's method and per area (package group) anywhere on the stack's top frame.
 */
final class JfrSummary {

    private JfrSummary() {
    }

    /** Top {@code limit} methods by self samples, as "share% method". */
    static Map<String, Double> topMethods(Path jfr, int limit) throws IOException {
        Map<String, Long> counts = new HashMap<>();
        long total = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            RecordedFrame top = stack.getFrames().get(0);
            counts.merge(top.getMethod().getType().getName() + "." + top.getMethod().getName(), 1L, Long::sum);
            total++;
        }
        return share(counts, total, limit);
    }

    /** Samples per area of the code, judged by the first frame of the stack that belongs to a known area. */
    static Map<String, Double> areas(Path jfr) throws IOException {
        return byFirstFrame(jfr, (type, method) -> area(type), "other");
    }

    /**
     * Samples per step of the flow, inclusive: the share of all samples with the step's code anywhere on
     * the stack (a stream thread's commit, say, or one rule with the JSON and state store reads under it).
     * Steps are judged by the innermost matching frame, so the shares add up to at most 100.
     */
    static Map<String, Double> steps(Path jfr) throws IOException {
        return byFirstFrame(jfr, JfrSummary::step, "other (client network threads, HTTP, metrics, streams bookkeeping)");
    }

    /** Shares of execution samples by the first frame, from the top, that {@code classify} names (type, method). */
    private static Map<String, Double> byFirstFrame(Path jfr, BiFunction<String, String, String> classify, String otherwise)
            throws IOException {
        Map<String, Long> counts = new HashMap<>();
        long total = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            String name = otherwise;
            for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                String found = classify.apply(frame.getMethod().getType().getName(), frame.getMethod().getName());
                if (found != null) {
                    name = found;
                    break;
                }
            }
            counts.merge(name, 1L, Long::sum);
            total++;
        }
        return share(counts, total, 20);
    }

    private static String step(String type, String method) {
        String simple = type.substring(type.lastIndexOf('.') + 1);
        return switch (simple) {
            case "IngestListeners", "TransactionalForwarder" -> "ingest: parse, validate, forward";
            case "WatchlistReleaseRule", "MassReleaseRule", "LinkedReliefRule", "AlertOnce", "AlertHistory" -> "rule " + simple;
            case "SubscriptionWorker", "WebhookDelivery" -> "webhook delivery";
            case "RecordCollectorImpl" -> "streams: serialise and send outputs";
            case "RecordDeserializer", "RecordQueue" -> "streams: deserialise inputs";
            case "TaskExecutor", "TaskManager", "StreamsProducer" -> method.contains("ommit") ? "streams: commit (transactions)" : null;
            case "StreamThread" -> method.equals("pollRequests") || method.equals("pollPhase") ? "streams: poll" : null;
            default -> simple.startsWith("SanctionsChangeRule") ? "rule SanctionsChangeRule" : null;
        };
    }

    private static String area(String type) {
        if (type.startsWith("org.rocksdb")) return "RocksDB (state stores)";
        if (type.startsWith("com.fasterxml.jackson")) return "JSON (Jackson)";
        if (type.startsWith("com.networknt")) return "JSON Schema validation";
        if (type.startsWith("org.apache.kafka.common.compress") || type.contains("zstd") || type.contains("lz4")) return "compression";
        if (type.startsWith("org.apache.kafka.streams")) return "Kafka Streams runtime";
        if (type.startsWith("org.apache.kafka.clients") || type.startsWith("org.apache.kafka.common")) return "Kafka clients (network, batching)";
        if (type.startsWith("org.releasewatch")) return "releasewatch code";
        if (type.startsWith("io.netty") || type.startsWith("io.micronaut")) return "HTTP / Micronaut";
        return null;
    }

    private static Map<String, Double> share(Map<String, Long> counts, long total, int limit) {
        Map<String, Double> out = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit)
                .forEach(e -> out.put(e.getKey(), total == 0 ? 0 : Math.round(1000.0 * e.getValue() / total) / 10.0));
        return out;
    }
}

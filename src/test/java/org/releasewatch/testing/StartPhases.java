package org.releasewatch.testing;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a service start's time goes, read from the timestamps of its own log ({@code HH:mm:ss.SSS LEVEL [thread]
 * logger - message}): from the JVM's start (the "releasewatch starting: JVM up N ms" line, minus N) to the first
 * line of each phase. The phases of Kafka's clients show only with their loggers at INFO ({@link #KAFKA_INFO}).
 * For the log of several starts appended to one file, the last start is read.
 */
public final class StartPhases {

    /** JVM options that turn on the Kafka clients' log lines the phases are read from. */
    public static final List<String> KAFKA_INFO = List.of(
            "-Dlogger.levels.org.apache.kafka.clients.consumer.internals.ConsumerCoordinator=INFO",
            "-Dlogger.levels.org.apache.kafka.clients.consumer.internals.ClassicKafkaConsumer=INFO",
            "-Dlogger.levels.org.apache.kafka.streams.processor.internals.StreamThread=INFO",
            "-Dlogger.levels.org.apache.kafka.streams.processor.internals.StoreChangelogReader=INFO");

    private static final String START_MARKER = "releasewatch starting: JVM up ";
    private static final Pattern LINE = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) \\S+\\s+\\[([^\\]]*)] \\S+ - (.*)$");
    private static final Pattern UPTIME = Pattern.compile(Pattern.quote(START_MARKER) + "(\\d+) ms");

    /** The phases in the order a start goes through them: name and the first log line that ends it. */
    private static final Map<String, Predicate<Line>> PHASES = new LinkedHashMap<>();

    static {
        PHASES.put("main", l -> l.message.startsWith(START_MARKER));
        PHASES.put("first bean", l -> l.message.startsWith("Topics: replication factor"));
        PHASES.put("streams start", l -> l.message.equals("Kafka Streams starting"));
        PHASES.put("stores opened", l -> l.message.startsWith("Kafka Streams started its threads"));
        PHASES.put("streams joined", l -> l.thread.contains("StreamThread") && l.message.contains("Successfully joined group"));
        PHASES.put("streams assigned", l -> l.thread.contains("StreamThread") && l.message.contains("Adding newly assigned partitions"));
        PHASES.put("ingest joined", l -> l.message.contains("-ingest-releases] Successfully joined group"));
        PHASES.put("ingest assigned", l -> l.message.contains("-ingest-releases] Notifying assignor about the new Assignment"));
        PHASES.put("restored", l -> l.message.contains("Restoration took"));
        PHASES.put("RUNNING", l -> l.message.equals("Kafka Streams REBALANCING -> RUNNING"));
        PHASES.put("HTTP up", l -> l.message.startsWith("releasewatch started"));
    }

    private StartPhases() {
    }

    private record Line(LocalTime time, String thread, String message) {
    }

    /**
     * The last start's phases as milliseconds since the JVM's start, in the order they ended, and {@code alert} at
     * {@code alertedAt} when given: e.g. {@code main 1900, first bean 3100, …, alert 7800}.
     */
    public static String of(String log, Instant alertedAt) {
        List<Line> lines = lastStart(log);
        if (lines.isEmpty()) {
            return "no \"" + START_MARKER.trim() + "\" line in the log";
        }
        Matcher uptime = UPTIME.matcher(lines.get(0).message);
        if (!uptime.find()) {
            return "unreadable start line: " + lines.get(0).message;
        }
        LocalTime jvmStart = lines.get(0).time.minus(Duration.ofMillis(Long.parseLong(uptime.group(1))));
        Map<String, Long> at = new LinkedHashMap<>();
        for (Map.Entry<String, Predicate<Line>> phase : PHASES.entrySet()) {
            lines.stream().filter(phase.getValue()).findFirst()
                    .ifPresent(l -> at.put(phase.getKey(), millisBetween(jvmStart, l.time)));
        }
        if (alertedAt != null) {
            at.put("alert", millisBetween(jvmStart, LocalTime.ofInstant(alertedAt, ZoneId.systemDefault())));
        }
        StringBuilder out = new StringBuilder("ms since JVM start:");
        at.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(e -> out.append(' ').append(e.getKey()).append(' ').append(e.getValue()).append(','));
        out.setLength(out.length() - 1);
        return out.toString();
    }

    /**
     * A rolling restart's hand-over, as milliseconds after {@code sigterm}: when the stopping instance's stream threads
     * left the group, when the other instance started rebalancing and was RUNNING again, when its ingest consumer of
     * releases was assigned partitions, and when the stopping instance's Kafka Streams was closed.
     */
    public static String handover(String stoppingLog, String otherLog, Instant sigterm) {
        LocalTime from = LocalTime.ofInstant(sigterm, ZoneId.systemDefault());
        Map<String, Long> at = new LinkedHashMap<>();
        firstAfter(stoppingLog, from, l -> l.message.startsWith("Kafka Streams: [")).ifPresent(t -> at.put("left group", t));
        firstAfter(otherLog, from, l -> l.message.equals("Kafka Streams RUNNING -> REBALANCING"))
                .ifPresent(t -> at.put("other REBALANCING", t));
        firstAfter(otherLog, from, l -> l.message.equals("Kafka Streams REBALANCING -> RUNNING"))
                .ifPresent(t -> at.put("other RUNNING", t));
        firstAfter(otherLog, from, l -> l.message.contains("-ingest-releases] Notifying assignor about the new Assignment"))
                .ifPresent(t -> at.put("other ingest assigned", t));
        firstAfter(stoppingLog, from, l -> l.message.equals("Kafka Streams PENDING_SHUTDOWN -> NOT_RUNNING"))
                .ifPresent(t -> at.put("streams closed", t));
        StringBuilder out = new StringBuilder("ms after SIGTERM:");
        at.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(e -> out.append(' ').append(e.getKey()).append(' ').append(e.getValue()).append(','));
        out.setLength(out.length() - 1);
        return out.toString();
    }

    private static java.util.Optional<Long> firstAfter(String log, LocalTime from, Predicate<Line> match) {
        return lines(log).stream().filter(l -> millisBetween(from, l.time) >= 0 && millisBetween(from, l.time) < 600_000)
                .filter(match).findFirst().map(l -> millisBetween(from, l.time));
    }

    private static List<Line> lines(String log) {
        List<Line> lines = new ArrayList<>();
        for (String text : log.split("\n")) {
            Matcher m = LINE.matcher(text);
            if (m.matches()) {
                try {
                    lines.add(new Line(LocalTime.parse(m.group(1)), m.group(2), m.group(3).strip()));
                } catch (DateTimeParseException e) {
                    // not a log line after all
                }
            }
        }
        return lines;
    }

    /** The machine's load average over the last minute, as {@code uptime} prints it. */
    public static String loadAverage() {
        return String.format("%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static List<Line> lastStart(String log) {
        List<Line> lines = new ArrayList<>();
        for (String text : log.split("\n")) {
            Matcher m = LINE.matcher(text);
            if (!m.matches()) {
                continue;
            }
            Line line;
            try {
                line = new Line(LocalTime.parse(m.group(1)), m.group(2), m.group(3).strip());
            } catch (DateTimeParseException e) {
                continue;
            }
            if (line.message.startsWith(START_MARKER)) {
                lines.clear();
            }
            if (!lines.isEmpty() || line.message.startsWith(START_MARKER)) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** Forward from {@code from} to {@code to} on the clock, across midnight if need be. */
    private static long millisBetween(LocalTime from, LocalTime to) {
        long ms = Duration.between(from, to).toMillis();
        return ms < -Duration.ofHours(12).toMillis() ? ms + Duration.ofDays(1).toMillis() : ms;
    }
}

package org.releasewatch.resilience;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.ingest.DeadLetters;
import org.releasewatch.model.EventCodec;
import org.releasewatch.model.IngestedEvent;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.testing.Burst;
import org.releasewatch.testing.ExpectedAlerts;
import org.releasewatch.testing.FieldLimits;
import org.releasewatch.testing.Http;
import org.releasewatch.testing.PackagedService;
import org.releasewatch.testing.ServiceProcess;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.Topics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@value #BAD} generated bad records (truncated JSON, wrong types, huge strings, invalid UTF-8, binary,
 * null and empty values, deep nesting, trailing data, values over the 1 MiB record limit, well-formed events
 * with one field just over its v1.1 limit) interleaved with {@value #VALID} valid releases — every tenth with
 * every limited field exactly at its limit — into the releases and sanctions topics of the packaged service.
 * Every bad record is on the DLQ once, byte for byte, with the contract's headers (read_committed), a field over
 * its limit with a reason naming that field; every valid release is forwarded once and gives its alerts; the process never dies, its stream thread never fails, /health
 * never says 503, and its live heap after a full GC does not grow from the first half of the input to the
 * second by more than {@value #HEAP_GROWTH_BOUND_MIB} MiB.
 */
class BadInputFuzzResilienceIT {

    static final int BAD = 10_000;
    static final int VALID = 1_000;
    static final long HEAP_GROWTH_BOUND_MIB = 32;
    private static final String BOOTSTRAP = SharedBroker.bootstrapServers();

    private final PackagedService packaged = new PackagedService("fuzz");
    private final TopicsConfig topics = packaged.topics();
    private final Map<String, String> badSent = new ConcurrentHashMap<>(); // topic:partition:offset → kind and SHA-256 of the value
    private final Map<String, String> fieldOverLimit = new ConcurrentHashMap<>(); // topic:partition:offset → field path
    private final List<Exception> sendErrors = new CopyOnWriteArrayList<>();
    private final List<Integer> healthSeen = new CopyOnWriteArrayList<>();
    private ServiceProcess service;

    @AfterEach
    void stop() {
        packaged.close();
    }

    @Test
    void badRecordsGoToTheDlqExactlyOnceWhileValidOnesAreProcessedAndTheServiceStaysUpInFlatMemory() throws Exception {
        service = packaged.start();
        long pid = service.pid();
        long heapAtStart = service.liveHeapBytes();

        List<BadRecords.Kind> kinds = kinds();
        List<ReleaseEvent> valid = IntStream.range(0, VALID).mapToObj(i -> i % 10 == 0
                ? FieldLimits.fullRelease(Burst.release("fuzz", i), "fuzz-full-" + i) : Burst.release("fuzz", i)).toList();
        BadRecords bad = new BadRecords(20251213);
        Random topicChoice = new Random(7);
        long heapAfterHalf = 0;
        try (KafkaProducer<byte[], byte[]> producer = Topics.producer(BOOTSTRAP)) {
            int total = BAD + VALID;
            for (int i = 0, b = 0, v = 0; i < total; i++) {
                if (i % (total / VALID) == 0 && v < VALID) {
                    send(producer, Burst.record(topics, valid.get(v++)), null, null);
                } else {
                    boolean sanction = topicChoice.nextBoolean();
                    BadRecords.Kind kind = kinds.get(b);
                    byte[] key = b % 3 == 0 ? null : ("bad-" + b).getBytes(UTF_8);
                    send(producer, new ProducerRecord<>(sanction ? topics.sanctions() : topics.releases(), key,
                            bad.value(kind, b, sanction)), kind, bad.lastField);
                    b++;
                }
                if (i == total / 2) {
                    producer.flush();
                    awaitWorkedOff();
                    heapAfterHalf = service.liveHeapBytes();
                }
            }
            producer.flush();
        }
        assertThat(sendErrors).isEmpty();
        assertThat(badSent).hasSize(BAD);
        awaitWorkedOff();
        long heapAtEnd = service.liveHeapBytes();

        List<ConsumerRecord<byte[], byte[]>> dead = Topics.readCommitted(BOOTSTRAP, topics.dlq());
        List<IngestedEvent> events = Topics.readCommitted(BOOTSTRAP, topics.internalEvents()).stream()
                .map(r -> EventCodec.readEvent(r.value())).toList();
        Set<String> deadSources = dead.stream().map(d -> Topics.header(d, DeadLetters.SOURCE_TOPIC) + ":"
                + Topics.header(d, DeadLetters.SOURCE_PARTITION) + ":" + Topics.header(d, DeadLetters.SOURCE_OFFSET))
                .collect(Collectors.toSet());
        Set<String> forwarded = events.stream().map(IngestedEvent::eventId).collect(Collectors.toSet());
        long lost = badSent.keySet().stream().filter(from -> !deadSources.contains(from)).count()
                + valid.stream().filter(v -> !forwarded.contains(v.eventId())).count();
        Scenario.report("bad-input fuzz", lost, (dead.size() - deadSources.size()) + (events.size() - forwarded.size()),
                "bad=%d dead-lettered=%d valid=%d forwarded=%d process-alive=%b live-heap-mib start=%d half=%d end=%d".formatted(
                        BAD, dead.size(), valid.size(), events.size(), service.isAlive() && service.pid() == pid,
                        heapAtStart >> 20, heapAfterHalf >> 20, heapAtEnd >> 20));
        Map<String, String> deadLettered = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> d : dead) {
            String from = Topics.header(d, DeadLetters.SOURCE_TOPIC) + ":" + Topics.header(d, DeadLetters.SOURCE_PARTITION)
                    + ":" + Topics.header(d, DeadLetters.SOURCE_OFFSET);
            String sent = badSent.get(from);
            assertThat(sent).as("dead letter %s was sent as a bad record", from).isNotNull();
            assertThat(sha256(d.value())).as("%s (%s) byte for byte", from, sent).isEqualTo(sent.substring(sent.indexOf(' ') + 1));
            assertThat(Topics.header(d, DeadLetters.ERROR)).as("reason of %s (%s)", from, sent).isNotBlank();
            if (fieldOverLimit.containsKey(from)) {
                assertThat(Topics.header(d, DeadLetters.ERROR)).as("reason of %s (%s)", from, sent)
                        .startsWith(fieldOverLimit.get(from) + ": ");
            }
            assertThat(deadLettered.put(from, sent)).as("%s dead-lettered once", from).isNull();
        }
        Map<String, Long> missedByKind = badSent.entrySet().stream().filter(e -> !deadLettered.containsKey(e.getKey()))
                .collect(Collectors.groupingBy(e -> e.getValue().substring(0, e.getValue().indexOf(' ')), Collectors.counting()));
        assertThat(missedByKind).as("bad records not dead-lettered, by kind").isEmpty();
        assertThat(dead).hasSize(BAD);

        assertThat(events).extracting(IngestedEvent::eventId)
                .containsExactlyInAnyOrderElementsOf(valid.stream().map(ReleaseEvent::eventId).toList());
        assertThat(ExpectedAlerts.keys(packaged.alerts())).containsExactlyInAnyOrderElementsOf(ExpectedAlerts.of(List.of(), valid, List.of()));

        assertThat(service.isAlive()).as("the service process is alive").isTrue();
        assertThat(service.pid()).isEqualTo(pid);
        assertThat(Http.metric(service.httpPort(), "kafka_stream_failed_stream_threads_total", l -> true)).isZero();
        assertThat(healthSeen).as("/health while working off the input").isNotEmpty().containsOnly(200);
        assertThat(service.log()).doesNotContain("OutOfMemoryError").doesNotContain("StackOverflowError");
        long growth = heapAtEnd - heapAfterHalf;
        String rss = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith("VmRSS") || l.startsWith("VmHWM")).map(l -> l.replaceAll("\\s+", " ")).toList().toString();
        System.out.printf("fuzz: live heap after full GC: start %d MiB, half %d MiB, end %d MiB; %s%n",
                heapAtStart >> 20, heapAfterHalf >> 20, heapAtEnd >> 20, rss);
        assertThat(growth).as("live heap growth over the second half of the input, bytes").isLessThan(HEAP_GROWTH_BOUND_MIB << 20);
    }

    /** The kinds of the {@value #BAD} bad records, in a fixed shuffled order. */
    private static List<BadRecords.Kind> kinds() {
        Map<BadRecords.Kind, Integer> counts = Map.of(BadRecords.Kind.TRUNCATED_JSON, 1500, BadRecords.Kind.WRONG_TYPE, 2400,
                BadRecords.Kind.HUGE_STRING, 500, BadRecords.Kind.INVALID_UTF8, 1500, BadRecords.Kind.BINARY, 1000,
                BadRecords.Kind.NULL_OR_EMPTY, 1000, BadRecords.Kind.DEEP_NESTING, 500, BadRecords.Kind.TRAILING_DATA, 1050,
                BadRecords.Kind.OVER_RECORD_LIMIT, 50, BadRecords.Kind.FIELD_OVER_LIMIT, 500);
        List<BadRecords.Kind> kinds = new ArrayList<>();
        counts.forEach((kind, n) -> kinds.addAll(Collections.nCopies(n, kind)));
        assertThat(kinds).hasSize(BAD);
        kinds.sort(null);
        Collections.shuffle(kinds, new Random(42));
        return kinds;
    }

    private void send(KafkaProducer<byte[], byte[]> producer, ProducerRecord<byte[], byte[]> record, BadRecords.Kind kind,
                      String field) {
        String hash = sha256(record.value());
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                sendErrors.add(error);
            } else if (kind != null) {
                String from = metadata.topic() + ":" + metadata.partition() + ":" + metadata.offset();
                badSent.put(from, kind + " " + hash);
                if (field != null) {
                    fieldOverLimit.put(from, field);
                }
            }
        });
    }

    /** Until the service has worked off everything sent so far; checks /health on the way. */
    private void awaitWorkedOff() {
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            assertThat(service.isAlive()).as("the service process is alive").isTrue();
            healthSeen.add(Http.get(service.httpPort(), "/health").statusCode());
            return packaged.caughtUp();
        });
    }

    private static String sha256(byte[] value) {
        if (value == null) {
            return "null";
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.releasewatch.ingest;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.releasewatch.ReleasewatchService;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.Json;
import org.releasewatch.model.EventCodec;
import org.releasewatch.model.IngestedEvent;
import org.releasewatch.model.Priority;
import org.releasewatch.model.WatchlistEntry;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ingest path of a running service on a real broker: valid releases, sanctions and watchlist
 * entries reach the internal topics normalised; every bad record reaches the DLQ byte for byte with
 * the contract's four headers; nothing valid around a bad record is lost.
 */
class IngestPathTest {

    private static final String BOOTSTRAP = SharedBroker.bootstrapServers();
    private static TopicsConfig topics;
    private static ReleasewatchService service;

    @BeforeAll
    static void start() {
        topics = TestService.uniqueTopics();
        Map<String, Object> properties = TestService.properties(topics, TestService.tempDir());
        properties.put("releasewatch.ingest.lag-refresh", "1s");
        service = TestService.start(properties);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void validRecordsAreForwardedNormalisedAndBadOnesAreDeadLetteredByteForByte() throws Exception {
        String bialiatski = """
                {"eventId":"rel-1","occurredAt":"2025-12-13T01:30:00+03:00","country":"by","transferredTo":"lt",
                 "person":{"id":"viasna:1","name":"Ales Bialiatski","tags":["nobel-laureate"]},"unknownField":42}""";
        String kalesnikava = """
                {"eventId":"rel-2","occurredAt":"2025-12-13T10:00:00Z","country":"BY","transferredTo":"UA",
                 "person":{"id":"viasna:2","name":"Maria Kalesnikava"}}""";
        String belaruskali = """
                {"eventId":"san-1","occurredAt":"2025-12-13T12:00:00Z","issuer":"US","targetCountry":"by","action":"LIFTED",
                 "target":{"id":"ofac:belaruskali","name":"Belaruskali","kind":"company"},"sector":"potash"}""";
        byte[] oversize = new byte[1024 * 1024 + 10];
        Arrays.fill(oversize, (byte) ' ');
        oversize[0] = '{';
        oversize[oversize.length - 1] = '}';

        Map<String, ProducerRecord<byte[], byte[]>> bad = new LinkedHashMap<>();
        bad.put("country", Topics.record(topics.releases(), "b1", bialiatski.replace("\"by\"", "\"Belarus\"")));
        bad.put("value", Topics.record(topics.releases(), "b2", "not json at all"));
        bad.put("array", Topics.record(topics.releases(), "b3", "[1,2,3]"));
        bad.put("empty", Topics.record(topics.releases(), "b4", ""));
        bad.put("oversize", new ProducerRecord<>(topics.releases(), "b5".getBytes(UTF_8), oversize));
        bad.put("issuer", Topics.record(topics.sanctions(), "b6", belaruskali.replace("\"US\"", "\"us\"")));
        bad.put("personId", Topics.record(topics.watchlist(), "viasna:1",
                "{\"personId\":\"viasna:2\",\"name\":\"Ales Bialiatski\",\"priority\":\"high\"}"));

        List<ProducerRecord<byte[], byte[]>> inOrder = new ArrayList<>();
        inOrder.add(Topics.record(topics.releases(), "k1", bialiatski));
        inOrder.add(bad.get("country"));
        inOrder.add(bad.get("value"));
        inOrder.add(bad.get("array"));
        inOrder.add(bad.get("empty"));
        inOrder.add(bad.get("oversize"));
        inOrder.add(Topics.record(topics.releases(), "k2", kalesnikava));
        inOrder.add(Topics.record(topics.sanctions(), "k3", belaruskali));
        inOrder.add(bad.get("issuer"));
        inOrder.add(Topics.record(topics.watchlist(), "viasna:1",
                "{\"personId\":\"viasna:1\",\"name\":\"Ales Bialiatski\",\"priority\":\"high\"}"));
        inOrder.add(bad.get("personId"));
        inOrder.add(Topics.record(topics.watchlist(), "viasna:9", null));

        Map<ProducerRecord<byte[], byte[]>, RecordMetadata> written = new LinkedHashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = Topics.producer(BOOTSTRAP)) {
            for (ProducerRecord<byte[], byte[]> r : inOrder) {
                written.put(r, producer.send(r).get());
            }
        }

        // other tests share this service: wait for this test's own dead letters, by source coordinates
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<ConsumerRecord<byte[], byte[]>> dead = Topics.readCommitted(BOOTSTRAP, topics.dlq());
            return bad.values().stream().allMatch(sent -> dead.stream().anyMatch(d -> from(d, written.get(sent))));
        });
        List<ConsumerRecord<byte[], byte[]>> dlq = Topics.readCommitted(BOOTSTRAP, topics.dlq());
        for (var entry : bad.entrySet()) {
            ProducerRecord<byte[], byte[]> sent = entry.getValue();
            RecordMetadata at = written.get(sent);
            ConsumerRecord<byte[], byte[]> dead = dlq.stream().filter(d -> from(d, at)).findFirst().orElseThrow(() -> new AssertionError("no DLQ record for " + entry.getKey()));
            assertThat(dead.key()).as("key of " + entry.getKey()).isEqualTo(sent.key());
            assertThat(dead.value()).as("value of " + entry.getKey()).isEqualTo(sent.value());
            assertThat(Topics.header(dead, DeadLetters.ERROR)).as("error of " + entry.getKey()).isNotBlank();
        }
        assertThat(errorOf(dlq, bad, written, "country")).startsWith("country: \"Belarus\" is not an ISO 3166-1 alpha-2 code");
        assertThat(errorOf(dlq, bad, written, "value")).startsWith("value: is not JSON");
        assertThat(errorOf(dlq, bad, written, "array")).isEqualTo("value: must be a JSON object, got array");
        assertThat(errorOf(dlq, bad, written, "empty")).isEqualTo("value: is empty");
        assertThat(errorOf(dlq, bad, written, "oversize")).isEqualTo(
                "value: is 1048586 bytes, larger than the limit of 1048576 bytes");
        assertThat(errorOf(dlq, bad, written, "issuer")).startsWith("issuer: \"us\" must be 2–3 upper-case letters");
        assertThat(errorOf(dlq, bad, written, "personId")).isEqualTo(
                "personId: \"viasna:2\" does not match the record key \"viasna:1\"");

        await().atMost(Duration.ofSeconds(30)).until(() -> Topics.readCommitted(BOOTSTRAP, topics.internalEvents()).size() == 3);
        List<ConsumerRecord<byte[], byte[]>> events = Topics.readCommitted(BOOTSTRAP, topics.internalEvents());
        assertThat(events).extracting(r -> new String(r.key(), UTF_8)).containsOnly("BY");
        List<IngestedEvent> forwarded = events.stream().map(r -> EventCodec.readEvent(r.value())).toList();
        IngestedEvent first = forwarded.stream().filter(e -> e.eventId().equals("rel-1")).findFirst().orElseThrow();
        assertThat(first.release().country()).isEqualTo("BY");
        assertThat(first.release().transferredTo()).isEqualTo("LT");
        assertThat(first.release().occurredAt()).isEqualTo(Instant.parse("2025-12-12T22:30:00Z"));
        assertThat(forwarded).extracting(IngestedEvent::eventId).containsExactlyInAnyOrder("rel-1", "rel-2", "san-1");
        assertThat(forwarded.stream().filter(e -> !e.hasRelease()).findFirst().orElseThrow().sanction().targetCountry())
                .isEqualTo("BY");

        // each valid release once more, keyed by person id, for the watchlist (sanctions are not)
        List<ConsumerRecord<byte[], byte[]>> byPerson = Topics.readCommitted(BOOTSTRAP, topics.internalReleasesByPerson());
        assertThat(byPerson).hasSize(2).allSatisfy(r -> assertThat(new String(r.key(), UTF_8))
                .isEqualTo(EventCodec.readRelease(r.value()).person().id()));
        assertThat(byPerson).extracting(r -> EventCodec.readRelease(r.value()))
                .containsExactlyInAnyOrderElementsOf(forwarded.stream().filter(IngestedEvent::hasRelease).map(IngestedEvent::release).toList());

        await().atMost(Duration.ofSeconds(30)).until(() -> Topics.readCommitted(BOOTSTRAP, topics.internalWatchlist()).size() == 2);
        List<ConsumerRecord<byte[], byte[]>> watchlist = Topics.readCommitted(BOOTSTRAP, topics.internalWatchlist());
        assertThat(watchlist).anySatisfy(r -> {
            assertThat(new String(r.key(), UTF_8)).isEqualTo("viasna:1");
            assertThat(Json.read(r.value(), WatchlistEntry.class).priority()).isEqualTo(Priority.HIGH);
        });
        assertThat(watchlist).anySatisfy(r -> {
            assertThat(new String(r.key(), UTF_8)).isEqualTo("viasna:9");
            assertThat(r.value()).as("tombstone forwarded").isNull();
        });
    }

    @Test
    void healthIsUpWithBrokerStreamsAndIngestDetails() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI health = URI.create("http://localhost:" + service.httpPort() + "/health");
        await().atMost(Duration.ofSeconds(60)).until(() ->
                http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        String body = http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(body).contains("\"kafka\"", "\"streams\"", "\"ingest\"", "RUNNING", topics.releases());
    }

    @Test
    void prometheusCountsInputRecordsByTopicAndOutcome() throws Exception {
        Topics.send(BOOTSTRAP, topics.sanctions(), List.of(Topics.record(topics.sanctions(), "x", "not json")));
        HttpClient http = HttpClient.newHttpClient();
        URI prometheus = URI.create("http://localhost:" + service.httpPort() + "/prometheus");
        await().atMost(Duration.ofSeconds(30)).until(() -> http.send(HttpRequest.newBuilder(prometheus).build(),
                HttpResponse.BodyHandlers.ofString()).body().contains(
                "releasewatch_events_in_total{outcome=\"dead_lettered\",topic=\"" + topics.sanctions() + "\"}"));
    }

    @Test
    void ingestLagCountsTheRecordsAGroupHasNotCommitted() throws Exception {
        String topic = Topics.unique("lag");
        String group = Topics.unique("lag-group");
        Topics.create(BOOTSTRAP, 2, topic);
        Topics.send(BOOTSTRAP, topic, List.of(Topics.record(topic, "a", "1"), Topics.record(topic, "b", "2"),
                Topics.record(topic, "c", "3"), Topics.record(topic, "d", "4")));
        IngestLag lag = service.context().getBean(IngestLag.class);
        assertThat(lag.lagOf(topic, group)).as("nothing committed: every record is behind").isEqualTo(4);

        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(Map.of(
                "bootstrap.servers", BOOTSTRAP, "group.id", group, "enable.auto.commit", false,
                "key.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class,
                "value.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class))) {
            var partition = new org.apache.kafka.common.TopicPartition(topic, 0);
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            consumer.commitSync(Map.of(partition, new org.apache.kafka.clients.consumer.OffsetAndMetadata(end)));
            assertThat(lag.lagOf(topic, group)).as("partition 0 committed to its end").isEqualTo(4 - end);
        }
    }

    @Test
    void prometheusShowsEachIngestGroupsLagOnceItHasConsumed() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI prometheus = URI.create("http://localhost:" + service.httpPort() + "/prometheus");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            String body = http.send(HttpRequest.newBuilder(prometheus).build(), HttpResponse.BodyHandlers.ofString()).body();
            return List.of(topics.releases(), topics.sanctions(), topics.watchlist()).stream()
                    .allMatch(t -> body.contains("releasewatch_ingest_lag{topic=\"" + t + "\"} 0.0"));
        });
    }

    private static String errorOf(List<ConsumerRecord<byte[], byte[]>> dlq, Map<String, ProducerRecord<byte[], byte[]>> bad,
                                  Map<ProducerRecord<byte[], byte[]>, RecordMetadata> written, String name) {
        RecordMetadata at = written.get(bad.get(name));
        return dlq.stream().filter(d -> from(d, at)).map(d -> Topics.header(d, DeadLetters.ERROR)).findFirst().orElseThrow();
    }

    /** The dead letter's source headers point at {@code at}. */
    private static boolean from(ConsumerRecord<byte[], byte[]> dead, RecordMetadata at) {
        return at.topic().equals(Topics.header(dead, DeadLetters.SOURCE_TOPIC))
                && String.valueOf(at.partition()).equals(Topics.header(dead, DeadLetters.SOURCE_PARTITION))
                && String.valueOf(at.offset()).equals(Topics.header(dead, DeadLetters.SOURCE_OFFSET));
    }
}

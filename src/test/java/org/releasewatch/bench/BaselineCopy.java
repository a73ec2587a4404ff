package org.releasewatch.bench;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.releasewatch.json.Json;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.SanctionEvent;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The broker's own limit on this machine: a plain consume → transactional produce copy with the
 * consumed offsets in each transaction (what {@code exactly_once_v2} does per commit), the same JSON
 * read and write the service does per record (or, {@code raw}, the bytes as they are: the broker's
 * pass-through with nothing else), and no validation or rules.
 */
final class BaselineCopy implements Runnable {

    private final String bootstrap;
    private final String from;
    private final String to;
    private final long expected;
    private final boolean raw;
    private volatile long copied;

    BaselineCopy(String bootstrap, String from, String to, long expected, boolean raw) {
        this.bootstrap = bootstrap;
        this.from = from;
        this.to = to;
        this.expected = expected;
        this.raw = raw;
    }

    long copied() {
        return copied;
    }

    @Override
    public void run() {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, raw ? "bench-baseline-raw" : "bench-baseline");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        Map<String, Object> p = new HashMap<>(Benchmark.producerSettings(bootstrap));
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, raw ? "bench-baseline-raw-copy" : "bench-baseline-copy");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            consumer.subscribe(List.of(from));
            while (copied < expected) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
                if (batch.isEmpty()) {
                    continue;
                }
                producer.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    producer.send(new ProducerRecord<>(to, r.key(), raw ? r.value() : roundTrip(r.value())));
                    offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
                producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                producer.commitTransaction();
                copied += batch.count();
            }
        }
    }

    /** The service's per-record JSON work: read into the event record, write it again. */
    private static byte[] roundTrip(byte[] json) {
        boolean sanction = json.length > 16 && new String(json, 0, 16).contains("bench-s-");
        return Json.bytes(sanction ? Json.read(json, SanctionEvent.class) : Json.read(json, ReleaseEvent.class));
    }
}

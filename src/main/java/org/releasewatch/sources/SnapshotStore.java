package org.releasewatch.sources;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.releasewatch.json.Json;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Reads a list's snapshot from the compacted snapshot topic ({@code read_committed}, so a transaction a crashed
 * instance left open or aborted is never part of it) and adds a snapshot's changes to a transaction.
 */
final class SnapshotStore {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, Object> consumerSettings;
    private final String topic;

    SnapshotStore(Map<String, Object> commonClientSettings, String topic) {
        Map<String, Object> c = new HashMap<>(commonClientSettings);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumerSettings = c;
        this.topic = topic;
    }

    String topic() {
        return topic;
    }

    /**
     * The list's snapshot as of the last committed transaction. Call it after the list's transactional producer
     * is initialised: that aborts a transaction a crashed predecessor left open, which would otherwise hold the
     * read_committed end of the topic back until it timed out.
     */
    <E> Snapshot<E> load(String listId, Class<E> entryType) {
        String metaKey = Snapshot.metaKey(listId);
        String entryPrefix = Snapshot.entryKey(listId, "");
        Snapshot.Meta meta = null;
        Map<String, E> entries = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerSettings,
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, READ_TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, READ_TIMEOUT) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the snapshot topic " + topic + " to its end within " + READ_TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() == null) {
                        continue;
                    }
                    String key = new String(r.key(), UTF_8);
                    if (key.equals(metaKey)) {
                        meta = r.value() == null ? null : Json.read(r.value(), Snapshot.Meta.class);
                    } else if (key.startsWith(entryPrefix)) {
                        String id = key.substring(entryPrefix.length());
                        if (r.value() == null) {
                            entries.remove(id);
                        } else {
                            entries.put(id, Json.read(r.value(), entryType));
                        }
                    }
                }
            }
        }
        return meta == null && entries.isEmpty() ? Snapshot.empty() : new Snapshot<>(meta, entries);
    }

    /** Sends, within the producer's open transaction, the records that turn {@code before} into {@code after}. */
    <E> void write(Producer<byte[], byte[]> producer, String listId, Map<String, E> before,
                   Map<String, E> after, Snapshot.Meta meta) {
        for (var e : after.entrySet()) {
            if (!e.getValue().equals(before.get(e.getKey()))) {
                producer.send(record(Snapshot.entryKey(listId, e.getKey()), Json.bytes(e.getValue())));
            }
        }
        for (String id : before.keySet()) {
            if (!after.containsKey(id)) {
                producer.send(record(Snapshot.entryKey(listId, id), null));
            }
        }
        producer.send(record(Snapshot.metaKey(listId), Json.bytes(meta)));
    }

    private ProducerRecord<byte[], byte[]> record(String key, byte[] value) {
        return new ProducerRecord<>(topic, key.getBytes(UTF_8), value);
    }
}

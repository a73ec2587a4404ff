package org.releasewatch.watchlist;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.releasewatch.broker.WriteUnavailable;
import org.releasewatch.config.KafkaClients;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.json.Json;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Writes changes to the contract's watchlist topic like any other producer (the default partitioner on the
 * person id, so a person's records stay on one partition and compact), each with the operator's name and the
 * time as headers. All records of one call go in one Kafka transaction: an import lands whole or not at all,
 * and {@code read_committed} readers (the ingest, every instance's view) never see half of it.
 */
@Singleton
public class WatchlistWriter {

    private final KafkaClients clients;
    private final TopicsConfig topics;
    private Producer<byte[], byte[]> producer;

    public WatchlistWriter(KafkaClients clients, TopicsConfig topics) {
        this.clients = clients;
        this.topics = topics;
    }

    /** Writes {@code writes} in one transaction; the last offset written per partition. */
    public synchronized Map<TopicPartition, Long> write(List<ImportPlan.Write> writes, String operator) {
        if (writes.isEmpty()) {
            return Map.of();
        }
        byte[] by = operator.getBytes(StandardCharsets.UTF_8);
        byte[] at = Instant.now().toString().getBytes(StandardCharsets.UTF_8);
        Producer<byte[], byte[]> p;
        try {
            p = producer();
        } catch (KafkaException e) {
            throw new WriteUnavailable("cannot reach the watchlist topic " + topics.watchlist() + ": " + e.getMessage(), e);
        }
        try {
            p.beginTransaction();
            List<Future<RecordMetadata>> sent = new ArrayList<>(writes.size());
            for (ImportPlan.Write w : writes) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topics.watchlist(),
                        w.personId().getBytes(StandardCharsets.UTF_8), w.entry() == null ? null : Json.bytes(w.entry()));
                record.headers().add(WatchlistHeaders.CHANGED_BY, by).add(WatchlistHeaders.CHANGED_AT, at);
                sent.add(p.send(record));
            }
            p.commitTransaction();
            Map<TopicPartition, Long> last = new HashMap<>();
            for (Future<RecordMetadata> f : sent) {
                RecordMetadata m = f.get();
                last.merge(new TopicPartition(m.topic(), m.partition()), m.offset(), Math::max);
            }
            return last;
        } catch (KafkaException | ExecutionException e) {
            abortOrClose();
            throw new WriteUnavailable("the watchlist topic " + topics.watchlist() + " could not be written (nothing was written): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abortOrClose();
            throw new WriteUnavailable("interrupted while writing the watchlist topic", e);
        }
    }

    private Producer<byte[], byte[]> producer() {
        if (producer == null) {
            Map<String, Object> props = clients.common();
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, clients.applicationId() + "-watchlist-api-" + clients.instanceId());
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
            props.put(ProducerConfig.CLIENT_ID_CONFIG, clients.applicationId() + "-watchlist-api");
            Producer<byte[], byte[]> p = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
            try {
                p.initTransactions();
            } catch (RuntimeException e) {
                p.close(Duration.ZERO);
                throw e;
            }
            producer = p;
        }
        return producer;
    }

    /** After a failure the producer is aborted, or, if it cannot be, recreated with the next write. */
    private void abortOrClose() {
        if (producer == null) {
            return;
        }
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            close();
        }
    }

    @PreDestroy
    public synchronized void close() {
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(2));
            } catch (RuntimeException ignored) {
                // broken already
            }
            producer = null;
        }
    }
}

package org.releasewatch.ingest;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The ingest hop's exactly-once step: every record of a polled batch is routed (to the internal
 * topic when valid, to the DLQ when not) and the batch's consumed offsets are committed <em>in the
 * same Kafka transaction</em>. A crash or error before the commit aborts all of it and the consumer
 * reads the batch again from the last committed offsets; {@code read_committed} readers downstream see
 * each input record's output exactly once. Used by one consumer thread only.
 */
public final class TransactionalForwarder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalForwarder.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    /** Where one input record goes. */
    public record Routed(ProducerRecord<byte[], byte[]> output, boolean deadLettered) {
    }

    /** Called after the outputs and offsets are in the transaction, just before it commits (a test seam). */
    @FunctionalInterface
    public interface BeforeCommit {
        void run();
    }

    private final String name;
    private final Supplier<Producer<byte[], byte[]>> producers;
    private final IngestMetrics metrics;
    private volatile BeforeCommit beforeCommit = () -> { };
    private Producer<byte[], byte[]> producer;
    private int consecutiveFailures;

    public TransactionalForwarder(String name, Supplier<Producer<byte[], byte[]>> producers, IngestMetrics metrics) {
        this.name = name;
        this.producers = producers;
        this.metrics = metrics;
    }

    /**
     * Creates the transactional producer now. Its {@code initTransactions()} aborts whatever transaction
     * a crashed predecessor with the same transactional id left open; until then the consumer's offset
     * fetch would wait for that transaction to time out. Call it before the consumer's first poll.
     * A broker that cannot be reached yet is not fatal: the producer is then created with the first batch.
     */
    public TransactionalForwarder open() {
        try {
            producer();
        } catch (RuntimeException e) {
            LOG.warn("Ingest '{}': cannot initialise the transactional producer yet ({}); will retry", name, e.toString());
        }
        return this;
    }

    void beforeCommit(BeforeCommit hook) {
        this.beforeCommit = hook;
    }

    /**
     * Forwards one polled batch. Returns normally in every case: on failure the transaction is aborted
     * and the consumer rewound to the batch's first offsets, so the next poll delivers it again.
     */
    public void forward(List<ConsumerRecord<byte[], byte[]>> batch, Consumer<?, ?> consumer,
                        Function<ConsumerRecord<byte[], byte[]>, Routed> route) {
        if (batch.isEmpty()) {
            return;
        }
        int valid = 0;
        int deadLettered = 0;
        try {
            Producer<byte[], byte[]> p = producer();
            p.beginTransaction();
            Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : batch) {
                Routed routed = route.apply(record);
                p.send(routed.output());
                if (routed.deadLettered()) {
                    deadLettered++;
                } else {
                    valid++;
                }
                next.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
            }
            p.sendOffsetsToTransaction(next, consumer.groupMetadata());
            beforeCommit.run();
            p.commitTransaction();
            consecutiveFailures = 0;
            metrics.forwarded(batch.get(0).topic(), valid, deadLettered);
        } catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException
                 | AuthorizationException | UnsupportedVersionException fatal) {
            LOG.warn("Ingest '{}': producer cannot continue ({}); recreating it and re-reading the batch", name, fatal.toString());
            closeProducer();
            rewind(batch, consumer);
        } catch (RuntimeException e) {
            LOG.warn("Ingest '{}': transaction aborted ({}); re-reading {} records", name, e.toString(), batch.size());
            abort();
            rewind(batch, consumer);
        }
    }

    private Producer<byte[], byte[]> producer() {
        if (producer == null) {
            Producer<byte[], byte[]> p = producers.get();
            try {
                p.initTransactions(); // also aborts a transaction a crashed predecessor left open
            } catch (RuntimeException e) {
                p.close(Duration.ZERO);
                throw e;
            }
            producer = p;
        }
        return producer;
    }

    private void abort() {
        if (producer == null) {
            return;
        }
        try {
            producer.abortTransaction();
        } catch (KafkaException | IllegalStateException e) {
            closeProducer();
        }
    }

    private void rewind(List<ConsumerRecord<byte[], byte[]>> batch, Consumer<?, ?> consumer) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            first.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
        }
        first.forEach((tp, offset) -> {
            try {
                consumer.seek(tp, offset);
            } catch (IllegalStateException revoked) {
                // no longer ours: its new owner starts from the committed offset
            }
        });
        consecutiveFailures++;
        long backoff = Math.min(MAX_BACKOFF.toMillis(), 50L << Math.min(consecutiveFailures, 10));
        try {
            Thread.sleep(backoff);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (RuntimeException ignored) {
                // already broken
            }
            producer = null;
        }
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}

package org.releasewatch.ingest;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicBoolean;
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

    /**
     * Where one input record goes: {@code output}, and {@code copy} (or null) in the same transaction — a release
     * is written by country for the rules and by person for the watchlist.
     */
    public record Routed(ProducerRecord<byte[], byte[]> output, boolean deadLettered, ProducerRecord<byte[], byte[]> copy) {

        public Routed(ProducerRecord<byte[], byte[]> output, boolean deadLettered) {
            this(output, deadLettered, null);
        }
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

    /** The dead letter for an input record that cannot be forwarded, with the reason. */
    @FunctionalInterface
    public interface DeadLetter {
        ProducerRecord<byte[], byte[]> of(ConsumerRecord<byte[], byte[]> input, String reason);
    }

    private final int maxRecordBytes;
    private final DeadLetter deadLetter;

    public TransactionalForwarder(String name, Supplier<Producer<byte[], byte[]>> producers, IngestMetrics metrics,
                                  int maxRecordBytes, DeadLetter deadLetter) {
        this.name = name;
        this.producers = producers;
        this.metrics = metrics;
        this.maxRecordBytes = maxRecordBytes;
        this.deadLetter = deadLetter;
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
     * and the consumer rewound to the batch's first offsets, so the next poll delivers it again. A record
     * that cannot be written at all — larger than {@code maxRecordBytes} once routed, or refused by its topic
     * as too large — is dead-lettered with the reason instead, so it can never make the batch retry forever.
     */
    public void forward(List<ConsumerRecord<byte[], byte[]>> batch, Consumer<?, ?> consumer,
                        Function<ConsumerRecord<byte[], byte[]>, Routed> route) {
        if (batch.isEmpty()) {
            return;
        }
        List<Routed> routed = new ArrayList<>(batch.size());
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            Routed r;
            try {
                r = route.apply(record);
            } catch (RuntimeException e) { // a bug must not make the batch retry forever either
                LOG.error("Ingest '{}': cannot route {}@{} offset {}", name, record.topic(), record.partition(),
                        record.offset(), e);
                r = new Routed(deadLetter.of(record, "value: could not be processed (" + e + ")"), true);
            }
            routed.add(fitting(record, r));
        }
        Outcome outcome = transact(batch, routed, consumer, pollEnd(batch, consumer));
        if (outcome == Outcome.TOO_LARGE) {
            // the topic refused a record the producer accepted (its max.message.bytes is lower): find it by
            // writing the batch one record per transaction, which costs a few round trips once
            LOG.warn("Ingest '{}': a record of the batch is too large for its topic; forwarding {} records one by one",
                    name, batch.size());
            for (int i = 0; i < batch.size(); i++) {
                if (!forwardAlone(batch.get(i), routed.get(i), consumer)) {
                    rewind(batch.subList(i, batch.size()), consumer);
                    return;
                }
            }
            consecutiveFailures = 0;
        } else if (outcome == Outcome.FAILED) {
            rewind(batch, consumer);
        }
    }

    private enum Outcome { COMMITTED, TOO_LARGE, FAILED }

    /** One record in its own transaction; a record its topic refuses goes to the DLQ, whole or (if it must) without its value. */
    private boolean forwardAlone(ConsumerRecord<byte[], byte[]> record, Routed routed, Consumer<?, ?> consumer) {
        List<ConsumerRecord<byte[], byte[]>> one = List.of(record);
        Outcome outcome = transact(one, List.of(routed), consumer, Map.of());
        if (outcome == Outcome.TOO_LARGE && !routed.deadLettered()) {
            routed = new Routed(deadLetter.of(record, "value: is too large for " + routed.output().topic()
                    + " once forwarded (" + size(routed.output()) + " bytes with key and headers; the topic's"
                    + " max.message.bytes is lower)"), true);
            outcome = transact(one, List.of(routed), consumer, Map.of());
        }
        if (outcome == Outcome.TOO_LARGE) {
            routed = withoutValue(record, routed, "the dead-letter topic refused it as too large");
            outcome = transact(one, List.of(routed), consumer, Map.of());
        }
        return outcome == Outcome.COMMITTED;
    }

    /** The routed record, or its dead letter if it is larger than this forwarder may write. */
    private Routed fitting(ConsumerRecord<byte[], byte[]> record, Routed routed) {
        long size = Math.max(size(routed.output()), routed.copy() == null ? 0 : size(routed.copy()));
        if (size <= maxRecordBytes) {
            return routed;
        }
        if (routed.deadLettered()) {
            return withoutValue(record, routed, "it is " + size + " bytes with key and headers, more than the "
                    + maxRecordBytes + "-byte record limit");
        }
        Routed dead = new Routed(deadLetter.of(record, "value: is " + size + " bytes once forwarded to "
                + routed.output().topic() + " (with key and headers), larger than the record limit of "
                + maxRecordBytes + " bytes"), true);
        return size(dead.output()) <= maxRecordBytes ? dead : withoutValue(record, dead, "it is too large to copy");
    }

    /**
     * The last resort: a dead letter that keeps the key and the reason but not the value, so the record is still
     * accounted for (its topic, partition and offset are in the headers) and the partition moves on.
     */
    private Routed withoutValue(ConsumerRecord<byte[], byte[]> record, Routed routed, String why) {
        String reason = new String(lastHeader(routed.output(), DeadLetters.ERROR), StandardCharsets.UTF_8);
        String error = (reason.isEmpty() ? "value: is too large to forward" : reason)
                + "; the value is left out of this dead letter (" + why + "): read it at the source offset";
        ProducerRecord<byte[], byte[]> bare = deadLetter.of(new ConsumerRecord<>(record.topic(), record.partition(),
                record.offset(), record.key(), null), error);
        LOG.error("Ingest '{}': {}@{} offset {}: {}", name, record.topic(), record.partition(), record.offset(), error);
        return new Routed(new ProducerRecord<>(bare.topic(), null, null, truncatedKey(record.key()), null,
                bare.headers()), true);
    }

    private byte[] truncatedKey(byte[] key) {
        return key == null || key.length <= maxRecordBytes / 4 ? key : Arrays.copyOf(key, maxRecordBytes / 4);
    }

    private static byte[] lastHeader(ProducerRecord<byte[], byte[]> record, String key) {
        Header h = record.headers().lastHeader(key);
        return h == null || h.value() == null ? new byte[0] : h.value();
    }

    /** An upper bound of the record's size in a batch of its own (the producer's and broker's view). */
    static long size(ProducerRecord<byte[], byte[]> record) {
        long size = 128; // batch header, record overhead, varints
        size += record.key() == null ? 0 : record.key().length;
        size += record.value() == null ? 0 : record.value().length;
        for (Header h : record.headers()) {
            size += 10 + h.key().getBytes(StandardCharsets.UTF_8).length + (h.value() == null ? 0 : h.value().length);
        }
        return size;
    }

    /**
     * Where the consumer stands after the poll that gave {@code batch}, per partition of it: past the batch's
     * last record and past a transaction marker that follows it, when a partner writes transactionally. Committed
     * instead of last offset + 1, so a caught-up ingest shows no lag of one marker.
     */
    private static Map<TopicPartition, Long> pollEnd(List<ConsumerRecord<byte[], byte[]>> batch, Consumer<?, ?> consumer) {
        Map<TopicPartition, Long> end = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            if (!end.containsKey(tp)) {
                try {
                    end.put(tp, consumer.position(tp, java.time.Duration.ZERO));
                } catch (RuntimeException e) {
                    end.put(tp, -1L); // not known at once: the last offset + 1 will do
                }
            }
        }
        return end;
    }

    private Outcome transact(List<ConsumerRecord<byte[], byte[]>> batch, List<Routed> routed, Consumer<?, ?> consumer,
                             Map<TopicPartition, Long> pollEnd) {
        int valid = 0;
        int deadLettered = 0;
        AtomicBoolean tooLarge = new AtomicBoolean();
        try {
            Producer<byte[], byte[]> p = producer();
            p.beginTransaction();
            Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
            for (int i = 0; i < batch.size(); i++) {
                ConsumerRecord<byte[], byte[]> record = batch.get(i);
                Routed r = routed.get(i);
                Callback tooLargeCheck = (meta, error) -> {
                    if (error instanceof RecordTooLargeException || error instanceof RecordBatchTooLargeException) {
                        tooLarge.set(true);
                    }
                };
                p.send(r.output(), tooLargeCheck);
                if (r.copy() != null) {
                    p.send(r.copy(), tooLargeCheck);
                }
                if (r.deadLettered()) {
                    deadLettered++;
                } else {
                    valid++;
                }
                next.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
            }
            next.replaceAll((tp, offset) -> new OffsetAndMetadata(Math.max(offset.offset(), pollEnd.getOrDefault(tp, -1L))));
            p.sendOffsetsToTransaction(next, consumer.groupMetadata());
            beforeCommit.run();
            p.commitTransaction();
            consecutiveFailures = 0;
            metrics.forwarded(batch.get(0).topic(), valid, deadLettered);
            return Outcome.COMMITTED;
        } catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException
                 | AuthorizationException | UnsupportedVersionException fatal) {
            LOG.warn("Ingest '{}': producer cannot continue ({}); recreating it and re-reading the batch", name, fatal.toString());
            closeProducer();
            return Outcome.FAILED;
        } catch (RuntimeException e) {
            boolean size = tooLarge.get() || causedByTooLarge(e);
            if (!size) {
                LOG.warn("Ingest '{}': transaction aborted ({}); re-reading {} records", name, e.toString(), batch.size());
            }
            abort();
            return size ? Outcome.TOO_LARGE : Outcome.FAILED;
        }
    }

    private static boolean causedByTooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException) {
                return true;
            }
        }
        return false;
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

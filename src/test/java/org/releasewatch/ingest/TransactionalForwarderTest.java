package org.releasewatch.ingest;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.releasewatch.ingest.TransactionalForwarder.Routed;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.Topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ingest hop's exactly-once mechanism on a real broker: outputs and consumed offsets commit in one
 * transaction, so a failure or a crash between produce and commit never makes an input count twice.
 */
class TransactionalForwarderTest {

    private static final int RECORDS = 200;

    private final String bootstrap = SharedBroker.bootstrapServers();
    private String input;
    private String output;
    private String group;
    private String transactionalId;

    @BeforeEach
    void topics() {
        input = Topics.unique("fwd-in");
        output = Topics.unique("fwd-out");
        group = Topics.unique("fwd-group");
        transactionalId = Topics.unique("fwd-tx");
        Topics.create(bootstrap, 3, input, output);
        List<ProducerRecord<byte[], byte[]>> records = IntStream.range(0, RECORDS)
                .mapToObj(i -> Topics.record(input, "k" + i, "event-" + i)).toList();
        Topics.send(bootstrap, input, records);
    }

    @Test
    void aFailureBetweenProduceAndCommitAbortsAndTheBatchIsForwardedOnceOnRetry() {
        AtomicInteger commits = new AtomicInteger();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer();
             TransactionalForwarder forwarder = forwarder()) {
            forwarder.beforeCommit(() -> {
                if (commits.incrementAndGet() == 1) {
                    throw new IllegalStateException("injected failure before commit");
                }
            });
            forwardUntilCaughtUp(consumer, forwarder);
        }

        assertThat(commits.get()).as("the first transaction failed and was retried").isGreaterThan(1);
        assertForwardedExactlyOnce();
    }

    @Test
    void aCrashWithAnOpenTransactionLeavesNothingVisibleAndARestartForwardsEachRecordOnce() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            TransactionalForwarder crashing = forwarder();
            crashing.beforeCommit(() -> {
                throw new SimulatedCrash();
            });
            assertThatThrownBy(() -> await().atMost(Duration.ofSeconds(30))
                    .until(() -> { pollAndForwardOnce(consumer, crashing); return false; }))
                    .isInstanceOf(SimulatedCrash.class);
            // the process "dies" here: no abort, no offset commit, the producer is never closed cleanly
        }
        assertThat(Topics.readCommitted(bootstrap, output)).as("nothing of the open transaction is visible").isEmpty();

        try (KafkaConsumer<byte[], byte[]> consumer = consumer();
             TransactionalForwarder restarted = forwarder()) { // same transactional id: fences the dead one
            forwardUntilCaughtUp(consumer, restarted);
        }
        assertForwardedExactlyOnce();
    }

    private void assertForwardedExactlyOnce() {
        List<String> forwarded = Topics.values(Topics.readCommitted(bootstrap, output));
        assertThat(forwarded).hasSize(RECORDS).doesNotHaveDuplicates();
        assertThat(forwarded).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, RECORDS).mapToObj(i -> "event-" + i).toList());
    }

    /** Polls and forwards until the group has committed everything in the input topic (lag 0). */
    private void forwardUntilCaughtUp(KafkaConsumer<byte[], byte[]> consumer, TransactionalForwarder forwarder) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            pollAndForwardOnce(consumer, forwarder);
            return lag(consumer) == 0;
        });
    }

    private void pollAndForwardOnce(KafkaConsumer<byte[], byte[]> consumer, TransactionalForwarder forwarder) {
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
        consumer.poll(Duration.ofMillis(200)).forEach(batch::add);
        forwarder.forward(batch, consumer, r -> new Routed(new ProducerRecord<>(output, r.key(), r.value()), false));
    }

    private long lag(KafkaConsumer<byte[], byte[]> consumer) {
        Set<TopicPartition> partitions = consumer.assignment();
        if (partitions.isEmpty()) {
            return Long.MAX_VALUE;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(partitions);
        return consumer.endOffsets(partitions).entrySet().stream()
                .mapToLong(e -> e.getValue() - (committed.get(e.getKey()) == null ? 0 : committed.get(e.getKey()).offset()))
                .sum();
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(Set.of(input));
        return consumer;
    }

    private TransactionalForwarder forwarder() {
        return new TransactionalForwarder("test", this::producer, new IngestMetrics(new SimpleMeterRegistry()),
                1024 * 1024, (in, reason) -> DeadLetters.of(output + "-dlq", in, reason)).open();
    }

    private Producer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash between produce and commit");
        }
    }
}

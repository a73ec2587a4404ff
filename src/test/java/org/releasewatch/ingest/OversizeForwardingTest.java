package org.releasewatch.ingest;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.releasewatch.ingest.TransactionalForwarder.Routed;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.Topics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A record the forwarder cannot write — larger than its producer's limit, or than the output topic takes —
 * is dead-lettered with a reason, and the records around it are forwarded: the batch is never retried forever.
 */
class OversizeForwardingTest {

    private static final int TOPIC_LIMIT = 20_000;

    private final String bootstrap = SharedBroker.bootstrapServers();
    private String input;
    private String output;
    private String dlq;
    private String group;

    @BeforeEach
    void topics() throws Exception {
        input = Topics.unique("big-in");
        output = Topics.unique("big-out");
        dlq = Topics.unique("big-dlq");
        group = Topics.unique("big-group");
        Topics.create(bootstrap, 1, input, dlq);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(output, 1, (short) 1)
                    .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(TOPIC_LIMIT))))).all().get();
        }
    }

    @Test
    void aRecordTheOutputTopicRefusesIsDeadLetteredAndTheOthersAreForwarded() {
        // the producer would take it (its limit is far higher); the broker refuses it for the topic
        send("small-1", "x".repeat(100), "too-big", "y".repeat(TOPIC_LIMIT + 1000), "small-2", "z".repeat(100));

        forwardUntilCaughtUp(forwarder(1024 * 1024));

        assertThat(Topics.values(Topics.readCommitted(bootstrap, output))).containsExactly("x".repeat(100), "z".repeat(100));
        List<ConsumerRecord<byte[], byte[]>> dead = Topics.readCommitted(bootstrap, dlq);
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("too-big");
        assertThat(Topics.header(dead.get(0), DeadLetters.ERROR)).contains("value").contains(output).contains("too large");
        assertThat(dead.get(0).value()).as("byte for byte").hasSize(TOPIC_LIMIT + 1000);
    }

    @Test
    void aRecordThatGrowsOverTheForwardersOwnLimitIsDeadLetteredWholeWithoutATry() {
        send("small-1", "x".repeat(100), "grows", "y".repeat(4_000), "small-2", "z".repeat(100));

        // the route doubles each value (as re-serialising with a wrapper makes it larger): 8 000 > 5 000
        forwardUntilCaughtUp(forwarder(5_000), r -> new Routed(new ProducerRecord<>(output, r.key(),
                (new String(r.value(), StandardCharsets.UTF_8).repeat(2)).getBytes(StandardCharsets.UTF_8)), false));

        assertThat(Topics.values(Topics.readCommitted(bootstrap, output))).containsExactly("x".repeat(200), "z".repeat(200));
        List<ConsumerRecord<byte[], byte[]>> dead = Topics.readCommitted(bootstrap, dlq);
        assertThat(dead).hasSize(1);
        assertThat(Topics.header(dead.get(0), DeadLetters.ERROR))
                .startsWith("value: is 81").contains("bytes once forwarded to " + output).contains("5000 bytes");
        assertThat(dead.get(0).value()).as("the input fits the DLQ: byte for byte").isEqualTo("y".repeat(4_000).getBytes());
    }

    @Test
    void aRecordEvenItsDeadLetterCannotHoldIsDeadLetteredWithoutItsValue() {
        send("too-big", "y".repeat(10_000), "small", "z".repeat(100));

        forwardUntilCaughtUp(forwarder(5_000));

        assertThat(Topics.values(Topics.readCommitted(bootstrap, output))).containsExactly("z".repeat(100));
        List<ConsumerRecord<byte[], byte[]>> dead = Topics.readCommitted(bootstrap, dlq);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value()).isNull();
        assertThat(new String(dead.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("too-big");
        assertThat(Topics.header(dead.get(0), DeadLetters.ERROR)).contains("value: is 10").contains("left out");
        assertThat(Topics.header(dead.get(0), DeadLetters.SOURCE_OFFSET)).isEqualTo("0");
    }

    private void send(String... keysAndValues) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            records.add(Topics.record(input, keysAndValues[i], keysAndValues[i + 1]));
        }
        Topics.send(bootstrap, input, records);
    }

    private TransactionalForwarder forwarder(int maxRecordBytes) {
        return new TransactionalForwarder("test", this::producer, new IngestMetrics(new SimpleMeterRegistry()),
                maxRecordBytes, (in, reason) -> DeadLetters.of(dlq, in, reason)).open();
    }

    private void forwardUntilCaughtUp(TransactionalForwarder forwarder) {
        forwardUntilCaughtUp(forwarder, r -> new Routed(new ProducerRecord<>(output, r.key(), r.value()), false));
    }

    private void forwardUntilCaughtUp(TransactionalForwarder forwarder,
                                      java.util.function.Function<ConsumerRecord<byte[], byte[]>, Routed> route) {
        try (forwarder; KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(Set.of(input));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
                consumer.poll(Duration.ofMillis(200)).forEach(batch::add);
                forwarder.forward(batch, consumer, route);
                Set<TopicPartition> assigned = consumer.assignment();
                if (assigned.isEmpty()) {
                    return false;
                }
                Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
                return consumer.endOffsets(assigned).entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() == e.getValue());
            });
        }
    }

    private Producer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, Topics.unique("big-tx"),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1024 * 1024,
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000),
                new ByteArraySerializer(), new ByteArraySerializer());
    }
}

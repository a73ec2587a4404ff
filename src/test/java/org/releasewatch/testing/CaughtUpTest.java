package org.releasewatch.testing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.releasewatch.config.TopicsConfig;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@link CaughtUp} counts as lag: a group whose offset stands behind an aborted transaction (its records and its
 * marker the partition's last entries, as a broker outage can leave them) has read everything there is to read; a
 * group behind a committed record has not.
 */
class CaughtUpTest {

    private static final String BOOTSTRAP = SharedBroker.bootstrapServers();

    @Test
    void anAbortedTransactionBehindAGroupsOffsetIsNoLagACommittedRecordIs() throws Exception {
        TopicsConfig topics = TestService.uniqueTopics();
        String app = Topics.unique("caught-up");
        List<String> all = List.of(topics.releases(), topics.sanctions(), topics.watchlist(), topics.internalEvents(),
                topics.internalWatchlist(), topics.internalReleasesByPerson(), topics.alerts());
        Topics.create(BOOTSTRAP, 1, all.toArray(String[]::new));
        TopicPartition events = new TopicPartition(topics.internalEvents(), 0);
        try (KafkaProducer<byte[], byte[]> producer = Topics.producer(BOOTSTRAP,
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, app + "-tx"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(Topics.record(topics.internalEvents(), "k", "committed"));
            producer.commitTransaction();
            commit(app, events, endOf(events));

            producer.beginTransaction();
            producer.send(Topics.record(topics.internalEvents(), "k", "aborted"));
            producer.flush();
            producer.abortTransaction();
        }
        CaughtUp.await(BOOTSTRAP, topics, app, Duration.ofSeconds(1), Duration.ofSeconds(30));

        Topics.send(BOOTSTRAP, topics.internalEvents(), List.of(Topics.record(topics.internalEvents(), "k", "unread")));
        assertThatThrownBy(() -> CaughtUp.await(BOOTSTRAP, topics, app, Duration.ofSeconds(1), Duration.ofSeconds(5)))
                .isInstanceOf(AssertionError.class).hasMessageContaining(app + "=1");
    }

    private static long endOf(TopicPartition tp) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
            return admin.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get().get(tp).offset();
        }
    }

    private static void commit(String group, TopicPartition tp, long offset) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
            admin.alterConsumerGroupOffsets(group, Map.of(tp, new OffsetAndMetadata(offset))).all().get();
        }
        assertThat(offset).isPositive();
    }
}

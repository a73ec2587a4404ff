package org.releasewatch.broker;

import io.micronaut.configuration.kafka.config.KafkaDefaultConfiguration;
import io.micronaut.context.ApplicationContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.releasewatch.config.KafkaClients;
import org.releasewatch.config.ServiceConfig;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.testing.SharedBroker;
import org.releasewatch.testing.TestService;
import org.releasewatch.testing.Topics;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On the real (single) test broker: unset, the replication follows the cluster's size (1 and 1) and the topics fit it;
 * configured higher than the existing topics, each of them is named as under-replicated.
 */
class ClusterReplicationTest {

    private final String applicationId = Topics.unique("replication-app");

    @Test
    void onOneBrokerTheTopicsKeepOneCopyAndNothingIsUnderReplicated() {
        TopicsConfig topics = topics(null, null);
        Topics.create(SharedBroker.bootstrapServers(), 3, topics.alerts());
        ClusterReplication replication = new ClusterReplication(clients(), topics);
        assertThat(replication.replication()).isEqualTo(new Replication((short) 1, (short) 1, 1, false));
        assertThat(replication.check(List.of(topics.alerts()))).isEmpty();
    }

    @Test
    void existingTopicsWithFewerCopiesThanConfiguredAreNamed() throws Exception {
        TopicsConfig topics = topics((short) 3, (short) 2);
        Topics.create(SharedBroker.bootstrapServers(), 3, topics.alerts());
        String changelog = applicationId + "-alert-ids-changelog";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedBroker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(changelog, 3, (short) 1))).all().get();
            // a committed offset: Kafka's offsets topic exists from now on (in a fresh test broker it may not yet)
            admin.alterConsumerGroupOffsets(applicationId + "-probe", Map.of(new TopicPartition(topics.alerts(), 0),
                    new OffsetAndMetadata(0))).all().get();
        }
        ClusterReplication replication = new ClusterReplication(clients(), topics);
        assertThat(replication.replication()).isEqualTo(new Replication((short) 3, (short) 2, 1, true));
        assertThat(replication.check(List.of(topics.alerts(), topics.releases()))).contains(
                "topic " + topics.alerts() + " has 1 replica(s), fewer than the replication factor 3",
                "topic " + topics.alerts() + " has min.insync.replicas 1, lower than 2: an acknowledged write may live on fewer brokers",
                "topic " + changelog + " has 1 replica(s), fewer than the replication factor 3",
                "topic __consumer_offsets has 1 replica(s), fewer than the replication factor 3")
                .noneMatch(w -> w.contains(topics.releases())); // not created: nothing to say
        assertThat(replication.warnings()).contains("topic " + topics.alerts()
                + " has 1 replica(s), fewer than the replication factor 3");
    }

    private TopicsConfig topics(Short factor, Short min) {
        TopicsConfig t = TestService.uniqueTopics();
        return new TopicsConfig(t.releases(), t.sanctions(), t.watchlist(), t.alerts(), t.dlq(), t.webhookDlq(),
                t.internalEvents(), t.internalWatchlist(), t.create(), t.partitions(), factor, t.sourceSnapshots(),
                t.sourceCoordination(), t.acks(), t.silences(), t.subscriptions(), t.internalReleasesByPerson(), min);
    }

    private KafkaClients clients() {
        try (ApplicationContext context = ApplicationContext.builder()
                .properties(Map.of("kafka.bootstrap.servers", SharedBroker.bootstrapServers())).build()) {
            KafkaDefaultConfiguration kafka = new KafkaDefaultConfiguration(context.getEnvironment().start());
            return new KafkaClients(kafka, new ServiceConfig(applicationId, applicationId + "-instance", Path.of("data"), 30000));
        }
    }
}

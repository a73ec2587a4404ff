package org.releasewatch.broker;

import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;
import org.releasewatch.config.TopicsConfig;
import org.releasewatch.testing.Fast;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The replication decided from the configuration and the cluster's size, and what counts as under-replicated. */
@Fast
class ReplicationTest {

    private static final TopicsConfig UNSET = TopicsConfig.defaults();
    private static final Node A = new Node(1, "a", 9092);
    private static final Node B = new Node(2, "b", 9092);
    private static final Node C = new Node(3, "c", 9092);

    @Test
    void unsetItFollowsTheClusterSize() {
        assertThat(Replication.decide(UNSET, 1)).isEqualTo(new Replication((short) 1, (short) 1, 1, false));
        assertThat(Replication.decide(UNSET, 2)).isEqualTo(new Replication((short) 2, (short) 1, 2, false));
        assertThat(Replication.decide(UNSET, 3)).isEqualTo(new Replication((short) 3, (short) 2, 3, false));
        assertThat(Replication.decide(UNSET, 7)).isEqualTo(new Replication((short) 3, (short) 2, 7, false));
        assertThat(Replication.decide(UNSET, 3).toString())
                .isEqualTo("replication factor 3, min.insync.replicas 2 (from the cluster size; 3 broker(s) at start)");
    }

    @Test
    void theConfigurationWins() {
        TopicsConfig five = withReplication((short) 5, (short) 3);
        assertThat(Replication.decide(five, 1)).isEqualTo(new Replication((short) 5, (short) 3, 1, true));
        TopicsConfig factorOnly = withReplication((short) 3, null);
        assertThat(Replication.decide(factorOnly, 1)).isEqualTo(new Replication((short) 3, (short) 2, 1, false));
        assertThatThrownBy(() -> Replication.decide(withReplication((short) 1, (short) 2), 3))
                .hasMessageContaining("min-insync-replicas (2) <= releasewatch.topics.replication-factor (1)");
    }

    @Test
    void aWriteNeedsMinInsyncLiveBrokers() {
        Replication three = Replication.decide(UNSET, 3);
        assertThat(three.writable(3)).isTrue();
        assertThat(three.writable(2)).isTrue();
        assertThat(three.writable(1)).isFalse();
    }

    @Test
    void fewerReplicasALowerMinimumOrReplicasOutOfSyncAreNamed() {
        Replication three = Replication.decide(UNSET, 3);
        TopicDescription healthy = topic("ok", List.of(A, B, C), List.of(A, B, C));
        assertThat(ClusterReplication.problems(three, healthy, 2)).isEmpty();

        TopicDescription single = topic("alerts", List.of(A), List.of(A));
        assertThat(ClusterReplication.problems(three, single, 1)).containsExactly(
                "topic alerts has 1 replica(s), fewer than the replication factor 3",
                "topic alerts has min.insync.replicas 1, lower than 2: an acknowledged write may live on fewer brokers");

        TopicDescription lagging = topic("events", List.of(A, B, C), List.of(A));
        assertThat(ClusterReplication.problems(three, lagging, 2)).containsExactly(
                "topic events has 1 partition(s) with fewer in-sync replicas than 2 now: writes to them wait until a broker is back");
    }

    private static TopicDescription topic(String name, List<Node> replicas, List<Node> isr) {
        return new TopicDescription(name, false, List.of(new TopicPartitionInfo(0, replicas.get(0), replicas, isr)));
    }

    private static TopicsConfig withReplication(Short factor, Short min) {
        TopicsConfig d = UNSET;
        return new TopicsConfig(d.releases(), d.sanctions(), d.watchlist(), d.alerts(), d.dlq(), d.webhookDlq(),
                d.internalEvents(), d.internalWatchlist(), d.create(), d.partitions(), factor, d.sourceSnapshots(),
                d.sourceCoordination(), d.acks(), d.silences(), d.subscriptions(), d.internalReleasesByPerson(), min);
    }
}

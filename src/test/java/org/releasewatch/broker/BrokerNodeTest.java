package org.releasewatch.broker;

import org.junit.jupiter.api.Test;
import org.releasewatch.testing.Fast;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code broker} subcommand's flags and what makes a node of a quorum. */
@Fast
class BrokerNodeTest {

    private static final String VOTERS = "1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093";

    @Test
    void aNodeOfAQuorumListensOnItsVotersControllerPort() {
        BrokerNode node = BrokerNode.of(2, "kafka-2", 9092, VOTERS, "MkU3OEVBNTcwNTJENDM2Qg");
        assertThat(node.inQuorum()).isTrue();
        assertThat(node.controllerPort()).isEqualTo(9093);
        assertThat(node.voters()).containsExactly(new BrokerNode.Voter(1, "kafka-1", 9093),
                new BrokerNode.Voter(2, "kafka-2", 9093), new BrokerNode.Voter(3, "kafka-3", 9093));
        assertThat(node.votersText()).isEqualTo(VOTERS);
        assertThat(node.internalReplicas()).isEqualTo(3);
        assertThat(BrokerNode.of(1, "localhost", 9092, "", "")).isEqualTo(BrokerNode.alone(9092));
        assertThat(BrokerNode.alone(9092).internalReplicas()).isEqualTo(1);
    }

    @Test
    void aQuorumNodeNeedsItsIdAmongTheVotersAClusterIdAndWellFormedVoters() {
        assertThatThrownBy(() -> BrokerNode.of(4, "kafka-4", 9092, VOTERS, "MkU3OEVBNTcwNTJENDM2Qg"))
                .hasMessage("releasewatch.broker.node-id 4 is not among the controller quorum voters " + VOTERS);
        assertThatThrownBy(() -> BrokerNode.of(1, "kafka-1", 9092, VOTERS, " "))
                .hasMessageStartingWith("releasewatch.broker.cluster-id must be set, the same on every node of " + VOTERS);
        assertThatThrownBy(() -> BrokerNode.of(1, "kafka-1", 9092, "1@kafka-1", "MkU3OEVBNTcwNTJENDM2Qg"))
                .hasMessage("releasewatch.broker.controller-quorum-voters: '1@kafka-1' is not id@host:port (e.g. 1@kafka-1:9093)");
        assertThatThrownBy(() -> BrokerNode.of(1, "kafka-1", 9092, "one@kafka-1:9093", "MkU3OEVBNTcwNTJENDM2Qg"))
                .hasMessageContaining("'one@kafka-1:9093' is not id@host:port");
        assertThat(new BrokerNode(1, "localhost", 9092, 0, List.of(), Optional.empty()).inQuorum()).isFalse();
    }

    @Test
    void theFlagsSetTheKeysAndAnUnknownOneIsRefused() {
        Map<String, Object> flags = BrokerCommand.flags(new String[]{"broker", "--node-id", "2", "--port=29092",
                "--controller-quorum-voters", VOTERS, "--cluster-id", "MkU3OEVBNTcwNTJENDM2Qg", "--data-dir", "node-2",
                "--host", "kafka-2"});
        assertThat(flags).containsExactlyInAnyOrderEntriesOf(Map.of("releasewatch.broker.node-id", "2",
                "releasewatch.broker.port", "29092", "releasewatch.broker.controller-quorum-voters", VOTERS,
                "releasewatch.broker.cluster-id", "MkU3OEVBNTcwNTJENDM2Qg", "releasewatch.data-dir", "node-2",
                "releasewatch.broker.host", "kafka-2"));
        assertThat(BrokerCommand.node(flags, 29092)).isEqualTo(BrokerNode.of(2, "kafka-2", 29092, VOTERS, "MkU3OEVBNTcwNTJENDM2Qg"));
        assertThatThrownBy(() -> BrokerCommand.flags(new String[]{"broker", "--nodeid", "2"}))
                .hasMessageStartingWith("unknown argument '--nodeid'");
        assertThatThrownBy(() -> BrokerCommand.flags(new String[]{"broker", "--port"})).hasMessage("--port needs a value");
    }
}

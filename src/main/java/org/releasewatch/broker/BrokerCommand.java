package org.releasewatch.broker;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import org.releasewatch.config.LaunchSettings;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code java -jar releasewatch.jar broker}: only the embedded KRaft broker, configured like the service
 * ({@code releasewatch.broker.*}, {@code releasewatch.data-dir}: YAML, environment variables such as
 * {@code RELEASEWATCH_BROKER_NODE_ID}, or the flags below). Alone it serves several service instances on one machine;
 * three of them with the same {@code --controller-quorum-voters} and {@code --cluster-id} form a three-node cluster
 * of combined broker+controller nodes (docs/cluster.md).
 */
public final class BrokerCommand {

    /** Flags of the command and the keys they set. */
    static final Map<String, String> FLAGS = Map.of(
            "--node-id", "releasewatch.broker.node-id",
            "--host", "releasewatch.broker.host",
            "--port", "releasewatch.broker.port",
            "--controller-quorum-voters", "releasewatch.broker.controller-quorum-voters",
            "--cluster-id", "releasewatch.broker.cluster-id",
            "--data-dir", "releasewatch.data-dir");

    private BrokerCommand() {
    }

    public static void main(String[] args) {
        Map<String, Object> flags;
        BrokerNode node;
        LaunchSettings launch;
        try {
            flags = flags(args);
            launch = LaunchSettings.read(new String[0], flags);
            node = node(flags, launch.brokerPort());
        } catch (IllegalArgumentException e) {
            System.err.println("releasewatch broker: " + e.getMessage());
            System.exit(2);
            return;
        }
        EmbeddedKafkaBroker broker;
        try {
            // a node of a quorum waits for the others, which an operator may start minutes later
            broker = EmbeddedKafkaBroker.start(node, launch.brokerDir(), Map.of(),
                    node.inQuorum() ? Duration.ofMinutes(30) : Duration.ofSeconds(60));
        } catch (EmbeddedKafkaBroker.PortInUseException e) {
            System.err.printf("releasewatch broker: port %d is already in use; choose another with RELEASEWATCH_BROKER_PORT=19092"
                    + " (or, in a quorum, another controller port in the voters)%n", e.port());
            System.exit(2);
            return;
        }
        System.out.printf("releasewatch broker: Kafka (KRaft) node %d on %s%s, data in %s%n", node.nodeId(),
                broker.bootstrapServers(), node.inQuorum() ? ", controller quorum " + node.votersText() : "", broker.dataDir());
        LaunchSettings.runUntilStopped("broker", broker::close);
    }

    /** {@code --node-id 2} or {@code --node-id=2} → {@code releasewatch.broker.node-id=2}; anything else is refused. */
    static Map<String, Object> flags(String[] args) {
        Map<String, Object> out = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String key = FLAGS.get(flag);
            if (key == null) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'; the flags are " + FLAGS.keySet());
            }
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            out.put(key, value);
        }
        return out;
    }

    /** This node, from the flags and then Micronaut's configuration (YAML, environment variables). */
    static BrokerNode node(Map<String, Object> flags, int port) {
        try (ApplicationContext probe = ApplicationContext.builder().properties(flags).build()) {
            Environment env = probe.getEnvironment().start();
            int nodeId = env.getProperty("releasewatch.broker.node-id", Integer.class).orElse(1);
            String host = env.getProperty("releasewatch.broker.host", String.class).orElse("localhost");
            String voters = env.getProperty("releasewatch.broker.controller-quorum-voters", String.class).orElse("");
            String clusterId = env.getProperty("releasewatch.broker.cluster-id", String.class).orElse("");
            return BrokerNode.of(nodeId, host, port, voters, clusterId);
        }
    }
}

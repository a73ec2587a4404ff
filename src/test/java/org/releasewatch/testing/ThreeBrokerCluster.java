package org.releasewatch.testing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.releasewatch.broker.EmbeddedKafkaBroker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/**
 * Three {@code broker} processes of the packaged jar forming one KRaft cluster on this machine (combined
 * broker+controller nodes 1, 2, 3 with static voters), started once per test JVM: the cluster tests share it and
 * isolate themselves by topic names and application ids.
 */
public final class ThreeBrokerCluster {

    private static ThreeBrokerCluster cluster;

    private final List<BrokerProcess> brokers;

    private ThreeBrokerCluster(List<BrokerProcess> brokers) {
        this.brokers = brokers;
    }

    public static synchronized ThreeBrokerCluster get() {
        if (cluster == null) {
            Path dir = TestService.tempDir();
            List<Integer> ports = IntStream.range(0, 3).mapToObj(i -> EmbeddedKafkaBroker.freePort()).toList();
            List<Integer> controllers = IntStream.range(0, 3).mapToObj(i -> EmbeddedKafkaBroker.freePort()).toList();
            String voters = IntStream.range(0, 3).mapToObj(i -> (i + 1) + "@localhost:" + controllers.get(i))
                    .collect(Collectors.joining(","));
            String clusterId = Uuid.randomUuid().toString();
            List<BrokerProcess> brokers = IntStream.range(0, 3).mapToObj(i -> new BrokerProcess(i + 1, ports.get(i), voters,
                    clusterId, dir.resolve("node-" + (i + 1)))).toList();
            brokers.forEach(BrokerProcess::start);
            cluster = new ThreeBrokerCluster(brokers);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> brokers.forEach(BrokerProcess::close), "cluster-shutdown"));
            cluster.awaitBrokers(3, Duration.ofMinutes(5));
        }
        return cluster;
    }

    public String bootstrapServers() {
        return brokers.stream().map(b -> "localhost:" + b.port()).collect(Collectors.joining(","));
    }

    public BrokerProcess node(int nodeId) {
        return brokers.get(nodeId - 1);
    }

    public List<BrokerProcess> brokers() {
        return brokers;
    }

    /** Waits until the cluster lists {@code count} live brokers. */
    public void awaitBrokers(int count, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> liveBrokers() == count);
    }

    public int liveBrokers() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers(), "request.timeout.ms", 3000,
                "default.api.timeout.ms", 5000))) {
            return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
        }
    }
}

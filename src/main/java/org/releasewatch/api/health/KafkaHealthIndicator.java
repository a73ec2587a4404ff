package org.releasewatch.api.health;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.releasewatch.broker.ClusterReplication;
import org.releasewatch.broker.Replication;
import org.releasewatch.config.KafkaClients;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * DOWN, with the reason, while the Kafka cluster cannot be reached, or while fewer brokers live than a write needs
 * ({@code min.insync.replicas}): every write of the service waits then, so alerting is paused until a broker is back.
 * The details name the replication in force and any existing topic that keeps fewer copies than it.
 */
@Singleton
public class KafkaHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final KafkaClients clients;
    private final ClusterReplication replication;
    private final Admin admin;

    public KafkaHealthIndicator(KafkaClients clients, ClusterReplication replication) {
        this.clients = clients;
        this.replication = replication;
        Map<String, Object> props = clients.common();
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clients.applicationId() + "-health");
        this.admin = Admin.create(props);
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("bootstrapServers", clients.bootstrapServers());
        try {
            var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()));
            Collection<Node> known = cluster.nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            details.put("clusterId", cluster.clusterId().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            // a cluster that lost its controller quorum still lists brokers that died: ask each one
            int nodes = reachable(known);
            details.put("nodes", nodes);
            details.put("nodesKnown", known.size());
            Replication r = replication.replication();
            if (nodes == 0) {
                healthStatus = HealthStatus.DOWN;
            } else if (!r.writable(nodes)) {
                healthStatus = HealthStatus.DOWN;
                details.put("reason", "only " + nodes + " of " + known.size() + " Kafka broker(s) reachable, and a write needs "
                        + r.minInsync() + " (min.insync.replicas): alerting is paused until another broker is back");
            } else {
                healthStatus = HealthStatus.UP;
            }
        } catch (Exception e) {
            healthStatus = HealthStatus.DOWN;
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            details.put("reason", "Kafka at " + clients.bootstrapServers() + " is unreachable: "
                    + (cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName()));
        }
        Replication r = replication.replication();
        details.put("replicationFactor", r.factor());
        details.put("minInsyncReplicas", r.minInsync());
        details.put("replicationFrom", r.configured() ? "configuration" : "cluster size (" + r.brokers() + " broker(s) at start)");
        if (!replication.warnings().isEmpty()) {
            details.put("underReplicated", replication.warnings());
        }
        return details;
    }

    /**
     * How many of {@code nodes} answer a request of their own (their configuration) within the time-out; an answer
     * that refuses (no DescribeConfigs ACL) still shows the broker is there.
     */
    private int reachable(Collection<Node> nodes) throws InterruptedException {
        var options = new DescribeConfigsOptions().timeoutMs((int) TIMEOUT.toMillis());
        List<KafkaFuture<Config>> asked = nodes.stream().map(n -> admin.describeConfigs(List.of(
                new ConfigResource(ConfigResource.Type.BROKER, n.idString())), options).all()
                .thenApply(m -> m.values().iterator().next())).toList();
        int answered = 0;
        for (KafkaFuture<Config> answer : asked) {
            try {
                answer.get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
                answered++;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException
                        || e.getCause() instanceof org.apache.kafka.common.errors.DisconnectException)) {
                    answered++;
                }
            } catch (java.util.concurrent.TimeoutException e) {
                // no answer: counted as gone
            }
        }
        return answered;
    }

    @Override
    protected String getName() {
        return "kafka";
    }

    @PreDestroy
    void close() {
        admin.close(Duration.ofSeconds(1));
    }
}

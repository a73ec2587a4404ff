package org.releasewatch.api.health;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.releasewatch.config.KafkaClients;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Map.Entry;
import java.util.concurrent.TimeUnit;

/** DOWN, with the reason, while the Kafka cluster cannot be reached. */
@Singleton
public class KafkaHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final KafkaClients clients;
    private final Admin admin;

    public KafkaHealthIndicator(KafkaClients clients) {
        this.clients = clients;
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
            int nodes = cluster.nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
            details.put("clusterId", cluster.clusterId().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            details.put("nodes", nodes);
            healthStatus = nodes > 0 ? HealthStatus.UP : HealthStatus.DOWN;
        } catch (Exception e) {
            healthStatus = HealthStatus.DOWN;
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            details.put("reason", "Kafka at " + clients.bootstrapServers() + " is unreachable: "
                    + (cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName()));
        }
        return details;
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

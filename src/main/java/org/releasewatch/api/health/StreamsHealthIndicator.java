package org.releasewatch.api.health;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.KafkaStreams;
import org.releasewatch.rules.AlertStreams;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * UP only while the topology really runs: {@link KafkaStreams#state()} is RUNNING, or REBALANCING
 * after it has run (instances joining or leaving). Starting up, or waiting to get its partitions back
 * after a crash, is DOWN.
 */
@Singleton
public class StreamsHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final AlertStreams streams;

    public StreamsHealthIndicator(AlertStreams streams) {
        this.streams = streams;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        KafkaStreams.State state = streams.state();
        boolean up = state == KafkaStreams.State.RUNNING
                || (state == KafkaStreams.State.REBALANCING && streams.reachedRunning());
        healthStatus = up ? HealthStatus.UP : HealthStatus.DOWN;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", state.name());
        details.put("threads", streams.streams().metadataForLocalThreads().stream()
                .map(t -> Map.of("name", t.threadName(), "state", t.threadState(),
                        "activeTasks", t.activeTasks().size(), "standbyTasks", t.standbyTasks().size()))
                .toList());
        if (!up) {
            details.put("reason", state == KafkaStreams.State.REBALANCING || state == KafkaStreams.State.CREATED
                    ? "the stream topology is starting or waiting for its partitions"
                    : "the stream topology is " + state.name().toLowerCase());
        }
        return details;
    }

    @Override
    protected String getName() {
        return "streams";
    }
}

package org.releasewatch.api.health;

import io.micronaut.configuration.kafka.ConsumerRegistry;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import org.apache.kafka.common.TopicPartition;
import org.releasewatch.config.TopicsConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** UP once a running consumer is subscribed to each input topic of the contract. */
@Singleton
public class IngestHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final ConsumerRegistry consumers;
    private final TopicsConfig topics;

    public IngestHealthIndicator(ConsumerRegistry consumers, TopicsConfig topics) {
        this.consumers = consumers;
        this.topics = topics;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> byTopic = new TreeMap<>();
        for (String id : consumers.getConsumerIds()) {
            Set<String> subscription = consumers.getConsumerSubscription(id);
            Set<TopicPartition> assigned = consumers.getConsumerAssignment(id);
            for (String topic : subscription) {
                byTopic.put(topic, Map.of("consumer", id, "paused", consumers.isPaused(id),
                        "assignedPartitions", assigned == null ? 0 : assigned.size()));
            }
        }
        List<String> missing = List.of(topics.releases(), topics.sanctions(), topics.watchlist()).stream()
                .filter(t -> !byTopic.containsKey(t)).toList();
        healthStatus = missing.isEmpty() ? HealthStatus.UP : HealthStatus.DOWN;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("consumers", byTopic);
        if (!missing.isEmpty()) {
            details.put("reason", "no running consumer for " + missing);
        }
        return details;
    }

    @Override
    protected String getName() {
        return "ingest";
    }
}

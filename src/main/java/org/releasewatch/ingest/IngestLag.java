package org.releasewatch.ingest;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.releasewatch.config.KafkaClients;
import org.releasewatch.config.TopicsConfig;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code releasewatch.ingest.lag{topic}}: input records not yet committed by the ingest consumer groups
 * (end offsets minus committed offsets, over all partitions), refreshed every {@code releasewatch.ingest.lag-refresh} (15 s) from the broker. It
 * is the group's lag, the same on every instance.
 */
@Context
public class IngestLag {

    private final KafkaClients clients;
    private final TopicsConfig topics;
    private final MeterRegistry registry;
    private final Map<String, Long> lag = new ConcurrentHashMap<>();
    private Admin admin;

    public IngestLag(KafkaClients clients, TopicsConfig topics, MeterRegistry registry) {
        this.clients = clients;
        this.topics = topics;
        this.registry = registry;
    }

    @PostConstruct
    void register() {
        Map<String, Object> props = clients.common();
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clients.applicationId() + "-ingest-lag");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        admin = Admin.create(props);
        for (Map.Entry<String, String> input : groups().entrySet()) {
            Gauge.builder("releasewatch.ingest.lag", lag, m -> m.getOrDefault(input.getKey(), 0L))
                    .description("Input records not yet committed by the ingest consumer group of the topic")
                    .tag("topic", input.getKey()).register(registry);
        }
    }

    /** Input topic → its ingest consumer group. */
    private Map<String, String> groups() {
        String app = clients.applicationId();
        return Map.of(topics.releases(), app + "-ingest-releases", topics.sanctions(), app + "-ingest-sanctions",
                topics.watchlist(), app + "-ingest-watchlist");
    }

    @Scheduled(fixedDelay = "${releasewatch.ingest.lag-refresh:15s}", initialDelay = "${releasewatch.ingest.lag-refresh:15s}")
    void refresh() {
        for (Map.Entry<String, String> input : groups().entrySet()) {
            try {
                lag.put(input.getKey(), lagOf(input.getKey(), input.getValue()));
            } catch (Exception e) {
                // broker unreachable: keep the last value; /health reports the outage
            }
        }
    }

    /**
     * Records of {@code topic} not yet committed by {@code group}: per partition the end offset minus the
     * committed offset, or minus the log start where the group has committed nothing yet.
     */
    long lagOf(String topic, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS)
                .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = offsets(partitions, OffsetSpec.earliest());
        long behind = 0;
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata done = committed.get(partition);
            long from = done == null ? starts.get(partition).offset() : done.offset();
            behind += Math.max(0, ends.get(partition).offset() - from);
        }
        return behind;
    }

    private Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> spec))).all().get(5, TimeUnit.SECONDS);
    }

    @PreDestroy
    void close() {
        admin.close(Duration.ofSeconds(1));
    }
}

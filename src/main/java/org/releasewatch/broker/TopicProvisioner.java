package org.releasewatch.broker;

import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.releasewatch.config.KafkaClients;
import org.releasewatch.config.RecordSizes;
import org.releasewatch.config.TopicsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creates, at start-up and before any consumer or the topology runs, every topic of the contract and
 * the internal ones that do not exist yet. It never changes a topic that exists. Switched off with
 * {@code releasewatch.topics.create: false} where the topics are owned elsewhere (e.g. Strimzi).
 */
@Context
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
    static final String MAX_MESSAGE_BYTES = String.valueOf(RecordSizes.MAX_RECORD_BYTES);

    private final KafkaClients clients;
    private final TopicsConfig topics;
    private final ClusterReplication replication;

    public TopicProvisioner(KafkaClients clients, TopicsConfig topics, ClusterReplication replication) {
        this.clients = clients;
        this.topics = topics;
        this.replication = replication;
    }

    @PostConstruct
    void createMissingTopics() {
        if (!topics.create()) {
            LOG.info("Topic creation is off (releasewatch.topics.create=false): expecting {}", wanted().keySet());
        } else {
            createMissing();
        }
        replication.check(wanted().keySet());
    }

    private void createMissing() {
        Map<String, Map<String, String>> wanted = wanted();
        try (Admin admin = Admin.create(clients.common())) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            wanted.forEach((name, config) -> {
                if (!existing.contains(name)) {
                    Map<String, String> withMin = new LinkedHashMap<>(config);
                    withMin.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(replication.replication().minInsync()));
                    missing.add(new NewTopic(name, topics.partitions(), replication.replication().factor()).configs(withMin));
                }
            });
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) { // another instance was faster
                        throw new IllegalStateException("cannot create topic " + entry.getKey() + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
            if (!missing.isEmpty()) {
                LOG.info("Created topics {}", missing.stream().map(NewTopic::name).toList());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka at " + clients.bootstrapServers()
                    + " to create topics: " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
    }

    /**
     * Every topic this service needs, with the settings it is created with. Each sets {@code max.message.bytes}
     * explicitly to {@link RecordSizes#MAX_RECORD_BYTES}, the producers' {@code max.request.size}, instead of
     * inheriting the broker's default: what ingest accepts can then always be forwarded or dead-lettered.
     */
    public Map<String, Map<String, String>> wanted() {
        Map<String, String> plain = Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, MAX_MESSAGE_BYTES);
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, MAX_MESSAGE_BYTES);
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        all.put(topics.releases(), plain);
        all.put(topics.sanctions(), plain);
        all.put(topics.watchlist(), compacted);
        all.put(topics.alerts(), plain);
        all.put(topics.dlq(), plain);
        all.put(topics.webhookDlq(), plain);
        all.put(topics.internalEvents(), plain);
        all.put(topics.internalWatchlist(), compacted);
        all.put(topics.internalReleasesByPerson(), plain);
        all.put(topics.sourceSnapshots(), compacted);
        all.put(topics.sourceCoordination(), plain);
        all.put(topics.acks(), compacted);
        all.put(topics.silences(), compacted);
        all.put(topics.subscriptions(), compacted);
        return all;
    }
}

package org.releasewatch.broker;

import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.releasewatch.config.KafkaClients;
import org.releasewatch.config.TopicsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link Replication} of this start, decided once from the configuration and the number of brokers the cluster
 * has ({@code describeCluster}), and the existing topics that keep fewer copies than it: those are logged as a
 * warning and named on {@code /health} (the service still starts: they are the operator's to fix, e.g. with
 * {@code kafka-reassign-partitions}).
 */
@Singleton
public final class ClusterReplication {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterReplication.class);
    /** Kafka's own topics that exactly-once depends on: transactions and committed offsets. */
    static final List<String> KAFKA_INTERNAL = List.of("__transaction_state", "__consumer_offsets");

    private final KafkaClients clients;
    private final Replication replication;
    private volatile List<String> warnings = List.of();

    public ClusterReplication(KafkaClients clients, TopicsConfig topics) {
        this.clients = clients;
        try (Admin admin = Admin.create(clients.common())) {
            int brokers = admin.describeCluster().nodes().get(60, TimeUnit.SECONDS).size();
            this.replication = Replication.decide(topics, brokers);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing the Kafka cluster", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka at " + clients.bootstrapServers() + " to describe the cluster: "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
        LOG.info("Topics: {}; producers write with acks=all", replication);
    }

    public Replication replication() {
        return replication;
    }

    /** What the last {@link #check} found: one sentence per topic that keeps fewer copies than configured. */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * Compares {@code names} (the service's topics), Kafka Streams' changelogs of {@code applicationId} and Kafka's
     * transaction and offsets topics with the replication, logs a warning for each that falls short, and keeps them
     * for {@code /health}.
     */
    public List<String> check(Collection<String> names) {
        List<String> found = new ArrayList<>();
        try (Admin admin = Admin.create(clients.common())) {
            Set<String> all = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            Set<String> checked = new TreeSet<>();
            names.stream().filter(all::contains).forEach(checked::add);
            String changelogs = clients.applicationId() + "-";
            all.stream().filter(t -> t.startsWith(changelogs) && t.endsWith("-changelog")).forEach(checked::add);
            Map<String, TopicDescription> described = admin.describeTopics(checked).allTopicNames().get(60, TimeUnit.SECONDS);
            Map<ConfigResource, Config> configs = topicConfigs(admin, checked);
            described.values().forEach(d -> found.addAll(problems(replication, d, minInsync(configs.get(
                    new ConfigResource(ConfigResource.Type.TOPIC, d.name()))))));
            found.addAll(kafkaInternal(admin));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            found.add("could not check the topics' replication: "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
        }
        found.forEach(w -> LOG.warn("Under-replicated for {}: {}", replication, w));
        warnings = List.copyOf(found);
        return warnings;
    }

    /** Kafka's own topics, where they can be described (a secured cluster may not allow it: then unchecked). */
    private List<String> kafkaInternal(Admin admin) throws InterruptedException {
        List<String> found = new ArrayList<>();
        for (String topic : KAFKA_INTERNAL) {
            try {
                TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
                Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic)))
                        .all().get(30, TimeUnit.SECONDS).values().iterator().next();
                found.addAll(problems(replication, d, minInsync(config)));
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("Not checked: {} ({})", topic, e.getMessage()); // not created yet, or not ours to describe
            }
        }
        return found;
    }

    /**
     * The topics' configurations, or none where the service may not read them (no DescribeConfigs ACL): their
     * {@code min.insync.replicas} is then not checked.
     */
    private static Map<ConfigResource, Config> topicConfigs(Admin admin, Set<String> topics) throws InterruptedException {
        try {
            return admin.describeConfigs(topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList())
                    .all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.info("The topics' min.insync.replicas not checked: {}", e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
            return Map.of();
        }
    }

    /** The topic's {@code min.insync.replicas}; unknown (not readable): taken to be as configured. */
    private int minInsync(Config config) {
        if (config == null || config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG) == null) {
            return replication.minInsync();
        }
        return Integer.parseInt(config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value());
    }

    /** What keeps {@code topic} short of the replication: too few replicas, a lower minimum, replicas out of sync. */
    static List<String> problems(Replication replication, TopicDescription topic, int minInsync) {
        List<String> found = new ArrayList<>();
        int replicas = topic.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
        if (replicas < replication.factor()) {
            found.add("topic " + topic.name() + " has " + replicas + " replica(s), fewer than the replication factor "
                    + replication.factor());
        }
        if (minInsync < replication.minInsync()) {
            found.add("topic " + topic.name() + " has min.insync.replicas " + minInsync + ", lower than "
                    + replication.minInsync() + ": an acknowledged write may live on fewer brokers");
        }
        long behind = topic.partitions().stream().filter(p -> p.isr().size() < Math.min(p.replicas().size(),
                replication.minInsync())).count();
        if (behind > 0) {
            found.add("topic " + topic.name() + " has " + behind + " partition(s) with fewer in-sync replicas than "
                    + replication.minInsync() + " now: writes to them wait until a broker is back");
        }
        return found;
    }
}

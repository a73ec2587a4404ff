package org.releasewatch.rules;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.releasewatch.broker.StaticMembers;
import org.releasewatch.broker.ClusterReplication;
import org.releasewatch.broker.Replication;
import org.releasewatch.broker.TopicProvisioner;
import org.releasewatch.config.KafkaClients;
import org.releasewatch.config.RecordSizes;
import org.releasewatch.config.HistoryConfig;
import org.releasewatch.config.RulesConfig;
import org.releasewatch.config.ServiceConfig;
import org.releasewatch.config.StreamsSettings;
import org.releasewatch.config.TopicsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;

/** Builds the one Kafka Streams application of the service from {@link AlertTopology}. */
@Factory
public class AlertStreamsFactory {

    private static final Logger LOG = LoggerFactory.getLogger(AlertStreamsFactory.class);
    static final int HEARTBEAT_INTERVAL_MS = 500;
    static final long ACCEPTABLE_RECOVERY_LAG = 100;

    @Singleton
    KafkaStreams alertStreams(KafkaClients clients, ServiceConfig service, TopicsConfig topics, RulesConfig rules, HistoryConfig history,
                              StreamsSettings settings, RuleMetrics metrics, TopicProvisioner topicsReady,
                              StreamThreadFailures failures, MeterRegistry registry, RestoreProgress restores,
                              ClusterReplication replication,
                              @Value("${releasewatch.api.advertised-host:localhost}") String advertisedHost,
                              @Value("${micronaut.server.port:8080}") int httpPort) {
        try (Admin admin = Admin.create(clients.common())) {
            CoPartitioning.check(admin, CoPartitioning.topics(topics.internalEvents(), topics.internalWatchlist(),
                    topics.internalReleasesByPerson()));
            RetiredStores.check(admin, clients.applicationId());
        }
        Topology topology = AlertTopology.build(new StreamsBuilder(), topics, rules, history, metrics);
        Properties props = properties(clients, service, replication.replication(), settings);
        // where other instances reach this one's query API, for keys it holds (interactive queries)
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertisedHost + ":" + httpPort);
        props.put(RecordTooLargeHandler.REGISTRY, registry);
        KafkaStreams streams = new KafkaStreams(topology, props);
        streams.setGlobalStateRestoreListener(restores);
        return supervised(streams, failures, settings, clients);
    }

    /**
     * A failed stream thread is replaced, and counted for {@code /health}: a thread failing again and again shows. The
     * failed thread's static member leaves the group when it is the first failure in the replacement window: closing
     * its consumer does not (static membership), so its tasks would wait, unprocessed, until its session expired (the
     * replacement joins as another member).
     */
    static KafkaStreams supervised(KafkaStreams streams, StreamThreadFailures failures, StreamsSettings settings,
                                   KafkaClients clients) {
        streams.setUncaughtExceptionHandler(e -> {
            failures.replaced(e);
            LOG.error("Stream thread failed ({} time(s) in the last {}); replacing it",
                    failures.within(settings.replacementWindow()), settings.replacementWindow(), e);
            // the first failure in the window only: a thread failing again and again (a topic missing) is then paced by
            // the session, instead of a replacement that fails at once being replaced at once, in a loop
            OptionalInt number = failures.within(settings.replacementWindow()) == 1
                    ? threadNumber(Thread.currentThread().getName()) : OptionalInt.empty();
            number.ifPresent(n -> {
                Thread leaving = new Thread(() -> {
                    try {
                        StaticMembers.leaveStreamsGroup(clients, List.of(n));
                    } catch (RuntimeException leaveFailed) { // one try only: the member's session ends it otherwise
                        LOG.warn("Stream thread {}'s member could not leave the group: {}", n, leaveFailed.toString());
                    }
                }, "streams-member-leaving");
                leaving.setDaemon(true);
                leaving.start(); // not on the failing thread: an unreachable broker would hold it for the Admin's time-out
            });
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        return streams;
    }

    /** The number of a stream thread named {@code <client id>-StreamThread-<n>}. */
    static OptionalInt threadNumber(String threadName) {
        int at = threadName.lastIndexOf("-StreamThread-");
        if (at < 0) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(threadName.substring(at + "-StreamThread-".length())));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    static Properties properties(KafkaClients clients, ServiceConfig service, Replication replication, StreamsSettings settings) {
        Properties p = new Properties();
        p.putAll(clients.common());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, clients.applicationId());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // after an unclean stop (kill -9) exactly-once without them wipes every local store and restores it from
        // its changelog: seconds to minutes without alerts. With them the stores hold only committed writes, and
        // only what came after the last commit is processed again (docs/operations.md)
        p.put(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG, settings.transactionalStateStores());
        p.put(StreamsConfig.STATESTORE_UNCOMMITTED_MAX_BYTES_CONFIG, settings.uncommittedMaxBytes());
        // an alert is visible to read_committed readers at the next commit: commit often. Rules forward
        // alerts themselves, so the record cache never holds one back; it only coalesces the writes of the
        // one store that has caching on (mass-release-tally) until the commit
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitInterval().toMillis());
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 8L * 1024 * 1024);
        // a task processes what it has without waiting for its other, usually empty input (the watchlist):
        // every rule accepts its inputs in either order, and the default (0) formatted a log line with
        // String.format on every loop while the watchlist partition was empty
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.threads());
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, settings.standbyReplicas());
        // changelogs as the service's own topics: as many copies, and a write acknowledged by as many brokers
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) replication.factor());
        p.put(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG), String.valueOf(replication.minInsync()));
        p.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
        p.put(StreamsConfig.STATE_DIR_CONFIG, service.dataDir().resolve("streams").toAbsolutePath().toString());
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // a record too large to write is skipped with an ERROR and a metric instead of failing the thread on it forever
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, RecordTooLargeHandler.class);
        // the size chain (RecordSizes): the producer's limit, and the same for the changelog and repartition topics
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), RecordSizes.MAX_RECORD_BYTES);
        p.put(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), String.valueOf(RecordSizes.MAX_RECORD_BYTES));
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfig.class);
        Map<String, Object> transactional = clients.transactional();
        for (String key : List.of(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, ProducerConfig.BUFFER_MEMORY_CONFIG)) {
            p.put(StreamsConfig.producerPrefix(key), transactional.get(key));
        }
        // static membership: a restarted instance rejoins at once instead of waiting out the old session
        p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), clients.instanceId() + "-streams");
        p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), clients.sessionTimeoutMs());
        // a member learns of a rebalance from its next heartbeat: when another instance stops and leaves, this one
        // takes its tasks within half a second instead of up to three (the default interval)
        p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), HEARTBEAT_INTERVAL_MS);
        // an instance coming back (rolling restart) takes active tasks only once its copies are nearly current: with
        // the default (10 000 changelog records) it was given tasks at once and left them unprocessed while it opened
        // and restored their stores; now they stay where they run, it warms up copies, and a probing rebalance moves them
        p.put(StreamsConfig.ACCEPTABLE_RECOVERY_LAG_CONFIG, ACCEPTABLE_RECOVERY_LAG);
        for (Map.Entry<Object, Object> e : Map.copyOf(p).entrySet()) {
            if (e.getValue() == null) {
                p.remove(e.getKey());
            }
        }
        return p;
    }
}

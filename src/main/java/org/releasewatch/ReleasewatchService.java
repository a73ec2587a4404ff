package org.releasewatch;

import io.micronaut.configuration.kafka.ConsumerRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.BeanRegistration;
import io.micronaut.runtime.server.EmbeddedServer;
import org.releasewatch.broker.ClusterReplication;
import org.releasewatch.broker.EmbeddedKafkaBroker;
import org.releasewatch.broker.StaticMembers;
import org.releasewatch.config.KafkaClients;
import org.releasewatch.broker.TopicProvisioner;
import org.releasewatch.config.LaunchSettings;
import org.releasewatch.delivery.WebhookSettings;
import org.releasewatch.rules.AlertStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * One running releasewatch: the Micronaut context (consumers, topology, HTTP) and, in embedded mode,
 * the Kafka broker under it. Configuration is Micronaut's (application.yml, environment variables,
 * {@code MICRONAUT_CONFIG_FILES}); with no {@code kafka.bootstrap.servers} it starts the embedded broker
 * first. {@link #close()} stops the ingest consumers and Kafka Streams together, then HTTP and the broker.
 */
public final class ReleasewatchService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReleasewatchService.class);

    private final ApplicationContext context;
    private final EmbeddedKafkaBroker broker;

    private ReleasewatchService(ApplicationContext context, EmbeddedKafkaBroker broker) {
        this.context = context;
        this.broker = broker;
    }

    /** Starts the service and blocks until the JVM is asked to stop (SIGTERM, Ctrl-C). */
    static void runUntilStopped(String[] args) {
        ReleasewatchService service;
        try {
            service = start(args, Map.of());
        } catch (EmbeddedKafkaBroker.PortInUseException e) {
            System.err.printf("""
                    releasewatch: cannot start the embedded Kafka broker: port %1$d is already in use.
                      Either use the Kafka broker listening there:
                        KAFKA_BOOTSTRAP_SERVERS=localhost:%1$d java -jar target/releasewatch.jar
                      or move the embedded broker to a free port:
                        RELEASEWATCH_BROKER_PORT=19092 java -jar target/releasewatch.jar
                    """, e.port());
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof WebhookSettings.InvalidWebhookConfig) {
                    System.err.println("releasewatch: invalid configuration: " + t.getMessage());
                    System.exit(2);
                }
            }
            throw e;
        }
        LaunchSettings.runUntilStopped("releasewatch", service::close);
    }

    /**
     * Starts the service. {@code overrides} take precedence over every other configuration source
     * (tests use them).
     */
    public static ReleasewatchService start(String[] args, Map<String, Object> overrides) {
        // the JVM's own start-up (class loading before main) is part of a restart's time to alerting: logged with it
        LOG.info("releasewatch starting: JVM up {} ms", ManagementFactory.getRuntimeMXBean().getUptime());
        Map<String, Object> props = new HashMap<>(overrides);
        LaunchSettings launch = LaunchSettings.read(args, overrides);
        EmbeddedKafkaBroker broker = null;
        if (launch.bootstrapServers().isEmpty()) {
            broker = EmbeddedKafkaBroker.start(launch.brokerPort(), launch.brokerDir());
            props.put("kafka.bootstrap.servers", broker.bootstrapServers());
        }
        ApplicationContext context = ApplicationContext.builder()
                .args(args)
                .mainClass(Application.class)
                .properties(props)
                .build();
        try {
            try {
                context.start();
            } catch (RuntimeException e) {
                closeStarted(context, e);
                throw e;
            }
            context.getBean(EmbeddedServer.class).start();
            ReleasewatchService service = new ReleasewatchService(context, broker);
            LOG.info("releasewatch started: mode={} bootstrap={} data={} http={} {} topics={}",
                    broker != null ? "embedded" : "external",
                    context.getProperty("kafka.bootstrap.servers", String.class).orElse("?"),
                    launch.dataDir().toAbsolutePath().normalize(),
                    context.getBean(EmbeddedServer.class).getURL(),
                    context.getBean(ClusterReplication.class).replication(),
                    context.getBean(TopicProvisioner.class).wanted().keySet());
            return service;
        } catch (RuntimeException e) {
            if (broker != null) {
                broker.close();
            }
            throw e;
        }
    }

    /**
     * A start that failed in a bean created after Kafka Streams (the first eager bean, started at once) must not leave
     * Kafka Streams running: its threads would go on, and its lock on the state directory would refuse the next start
     * in this process. Micronaut does not stop a context whose start threw, so the beans that hold threads are closed
     * here; whatever else fails to close is added to the start's failure.
     */
    private static void closeStarted(ApplicationContext context, RuntimeException failure) {
        for (BeanRegistration<AlertStreams> streams : context.getActiveBeanRegistrations(AlertStreams.class)) {
            try {
                streams.bean().close();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        try {
            if (context.isRunning()) {
                context.close();
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    public ApplicationContext context() {
        return context;
    }

    public int httpPort() {
        return context.getBean(EmbeddedServer.class).getPort();
    }

    @Override
    public void close() {
        LOG.info("releasewatch stopping: consumers and streams together, then HTTP{}", broker != null ? ", broker" : "");
        try {
            if (context.isRunning()) {
                // the two hand-overs of a rolling restart start together: Kafka Streams leaves its group (its tasks go
                // to the other instances) while the ingest consumers finish their batch and leave theirs. One after
                // the other, the rules' partitions would stay unread for as long as the consumers take to close. Nothing
                // is lost either way: each side commits its inputs in its own transactions
                AlertStreams streams = context.getBean(AlertStreams.class);
                Thread streamsLeaving = new Thread(streams::close, "streams-close");
                streamsLeaving.setUncaughtExceptionHandler((t, e) -> LOG.warn("Error while closing Kafka Streams", e));
                streamsLeaving.start();
                // once the stream threads stop polling (close sets PENDING_SHUTDOWN at once), so they cannot rejoin
                StaticMembers.leaveStreamsGroup(context.getBean(KafkaClients.class), streams.closingThreadNumbers());
                try {
                    ((AutoCloseable) context.getBean(ConsumerRegistry.class)).close();
                    StaticMembers.leaveIngestGroups(context.getBean(KafkaClients.class));
                } finally {
                    // the context below closes what Kafka Streams still uses: never before it has left
                    streamsLeaving.join();
                }
                context.getBean(EmbeddedServer.class).stop();
                context.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Interrupted while stopping releasewatch", e);
        } catch (Exception e) {
            LOG.warn("Error while stopping releasewatch", e);
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }
}

package org.releasewatch.broker;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka broker in KRaft mode (combined broker + controller) running inside this JVM, from the
 * {@code org.apache.kafka:kafka_2.13} artifact: alone, or as one node of a quorum of such brokers ({@link BrokerNode}).
 * Its log dirs and metadata live under one folder, formatted on first start and reused afterwards, so a restart keeps
 * every topic and record. Kafka's own topics (offsets, transactions) get as many replicas as the quorum has nodes, up
 * to three, and need two of three in sync for a write.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    /** Largest record the embedded broker accepts: above the ingest limit, so oversize records reach the DLQ. */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private final BrokerNode node;
    private final Path dataDir;
    private final KafkaRaftServer server;

    private EmbeddedKafkaBroker(BrokerNode node, Path dataDir, KafkaRaftServer server) {
        this.node = node;
        this.dataDir = dataDir;
        this.server = server;
    }

    /**
     * Formats {@code dataDir} if it is new, starts the broker on {@code localhost:port} and waits until
     * it answers a client.
     *
     * @throws PortInUseException if something already listens on the port
     */
    public static EmbeddedKafkaBroker start(int port, Path dataDir) {
        return start(port, dataDir, Map.of());
    }

    /**
     * As {@link #start(int, Path)}, with broker settings of the caller's on top (a test that needs the retention
     * check every second rather than every five minutes, say).
     */
    public static EmbeddedKafkaBroker start(int port, Path dataDir, Map<String, String> overrides) {
        return start(BrokerNode.alone(port), dataDir, overrides, Duration.ofSeconds(60));
    }

    /**
     * Starts {@code node} on {@code dataDir} and waits up to {@code readyWithin} until it answers a client; a node of a
     * quorum answers once a majority of the voters runs.
     */
    public static EmbeddedKafkaBroker start(BrokerNode node, Path dataDir, Map<String, String> overrides, Duration readyWithin) {
        if (!isFree(node.port())) {
            throw new PortInUseException(node.port());
        }
        if (node.inQuorum() && !isFree(node.controllerPort())) {
            throw new PortInUseException(node.controllerPort());
        }
        Path dir = dataDir.toAbsolutePath().normalize();
        int controllerPort = node.inQuorum() ? node.controllerPort() : freePort();
        Properties props = serverProperties(node, controllerPort, dir);
        props.putAll(overrides);
        format(node, props, dir);
        UniformHistograms.install();
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        Instant started = Instant.now();
        server.startup();
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(node, dir, server);
        try {
            broker.awaitReady(readyWithin);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        LOG.debug("Embedded Kafka broker ready on {} in {} ms", broker.bootstrapServers(),
                Duration.between(started, Instant.now()).toMillis());
        return broker;
    }

    public String bootstrapServers() {
        return advertisedHost(node) + ":" + node.port();
    }

    public int port() {
        return node.port();
    }

    public BrokerNode node() {
        return node;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    /** The name the node is reached by: its host, or this machine's name when it listens on every address. */
    private static String advertisedHost(BrokerNode node) {
        if (!node.host().equals("0.0.0.0")) {
            return node.host();
        }
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find this machine's name to advertise; set releasewatch.broker.host", e);
        }
    }

    private static Properties serverProperties(BrokerNode node, int controllerPort, Path dir) {
        Properties p = new Properties();
        String host = node.host();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(node.nodeId()));
        p.put("controller.quorum.voters", node.inQuorum() ? node.votersText() : node.nodeId() + "@" + host + ":" + controllerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("listeners", "PLAINTEXT://" + host + ":" + node.port() + "," + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + advertisedHost(node) + ":" + node.port());
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", dir.resolve("logs").toString());
        p.put("metadata.log.dir", dir.resolve("metadata").toString());
        // Kafka's own topics as the service's (Replication): one copy alone, three with two in sync on three nodes
        String replicas = String.valueOf(node.internalReplicas());
        String minIsr = node.internalReplicas() >= 3 ? "2" : "1";
        p.put("offsets.topic.replication.factor", replicas);
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", replicas);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("transaction.state.log.num.partitions", "3");
        p.put("share.coordinator.state.topic.replication.factor", replicas);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("default.replication.factor", replicas);
        p.put("min.insync.replicas", minIsr);
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "3");
        p.put("message.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
        p.put("replica.fetch.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
        p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        // the cleaner's map of keys, held on the heap for the broker's life: 2 MiB (about 80 000 keys a pass) lets a
        // compacted changelog of any size be cleaned in more passes, and leaves a small heap's old generation room
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("log.retention.hours", "-1");
        return p;
    }

    private static void format(BrokerNode node, Properties props, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the broker data folder " + dir, e);
        }
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(node.nodeId())
                .setClusterId(clusterId(node, dir))
                .setDirectories(Set.of(props.getProperty("log.dirs"), props.getProperty("metadata.log.dir")))
                .setMetadataLogDirectory(props.getProperty("metadata.log.dir"))
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setUnstableFeatureVersionsEnabled(false)
                .setIgnoreFormatted(true);
        try {
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the broker data folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The folder's cluster id if it has one, else the node's, else (alone) a new one; a folder of another cluster is refused. */
    private static String clusterId(BrokerNode node, Path dir) {
        Optional<String> existing = existingClusterId(dir);
        if (existing.isPresent() && node.clusterId().isPresent() && !existing.get().equals(node.clusterId().get())) {
            throw new IllegalStateException("the broker data folder " + dir + " belongs to cluster " + existing.get()
                    + ", not to releasewatch.broker.cluster-id " + node.clusterId().get() + ": use another folder");
        }
        return existing.or(node::clusterId).orElseGet(() -> Uuid.randomUuid().toString());
    }

    /** The cluster id a previous start wrote, so a restart formats nothing new and keeps the data. */
    private static Optional<String> existingClusterId(Path dir) {
        for (String sub : List.of("metadata", "logs")) {
            Path meta = dir.resolve(sub).resolve("meta.properties");
            if (Files.isRegularFile(meta)) {
                Properties p = new Properties();
                try (var in = Files.newInputStream(meta)) {
                    p.load(in);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + meta, e);
                }
                return Optional.ofNullable(p.getProperty("cluster.id"));
            }
        }
        return Optional.empty();
    }

    private void awaitReady(Duration timeout) {
        Map<String, Object> conf = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextNote = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        try (Admin admin = Admin.create(conf)) {
            while (true) {
                if (node.inQuorum() && System.nanoTime() > nextNote) {
                    LOG.info("Node {} waits for a majority of the controller quorum {}", node.nodeId(), node.votersText());
                    nextNote = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                }
                try {
                    // a topic listing needs an unfenced broker with metadata: the broker can serve clients
                    admin.listTopics().names().get(5, TimeUnit.SECONDS);
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("embedded Kafka broker did not become ready within " + timeout, e);
                    }
                }
            }
        }
    }

    /** True if nothing listens on {@code localhost:port} (checked on the loopback and wildcard addresses). */
    public static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            return false;
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /** Something else listens on the broker port. */
    public static final class PortInUseException extends RuntimeException {
        private final int port;

        public PortInUseException(int port) {
            super("port " + port + " is already in use");
            this.port = port;
        }

        public int port() {
            return port;
        }
    }
}

package org.releasewatch.config;

import io.micronaut.configuration.kafka.config.KafkaDefaultConfiguration;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Settings shared by every Kafka client this service creates itself (admin, transactional producers,
 * Kafka Streams): {@code bootstrap.servers} and everything else under Micronaut's {@code kafka.*}
 * (SASL, TLS, client.rack …), so a secured cluster needs configuration only once.
 */
@Singleton
public final class KafkaClients {

    private final Map<String, Object> common;
    private final ServiceConfig service;
    private final String instanceId;

    public KafkaClients(KafkaDefaultConfiguration kafka, ServiceConfig service) {
        Map<String, Object> props = new HashMap<>();
        kafka.getConfig().forEach((k, v) -> props.put(k.toString(), v));
        // keys micronaut-kafka keeps for its own listeners, not client settings
        props.keySet().removeIf(k -> k.startsWith("health") || k.startsWith("consumers") || k.startsWith("producers")
                || k.startsWith("streams") || k.startsWith("embedded"));
        this.common = Map.copyOf(props);
        this.service = service;
        this.instanceId = Optional.ofNullable(service.instanceId()).filter(s -> !s.isBlank())
                .orElseThrow(() -> new IllegalStateException("releasewatch.instance-id must be set"));
    }

    /**
     * {@code retry.backoff.ms} of the transactional producers (ingest, Kafka Streams) unless {@code kafka.retry.backoff.ms}
     * is set: a transaction's first write to a partition is refused as "concurrent transactions" while the markers of
     * the one before are being written, a few milliseconds. With the client default (100 ms) every transactional hop
     * waited that long for nothing; {@code bench/run}'s hop figures showed the ingest hop's median fall from 117 to 67 ms.
     */
    public static final int TRANSACTIONAL_RETRY_BACKOFF_MS = 10;

    /**
     * {@code buffer.memory} of the transactional producers unless {@code kafka.buffer.memory} is set. A producer's
     * pool keeps the buffers it once filled, up to this bound, in the heap: with the client default (32 MiB) the four
     * of them could hold 128 MiB of a 256 MiB heap. A transaction holds one polled batch (ingest) or one commit
     * interval of outputs (Kafka Streams): a few hundred KiB at the bench's rates.
     */
    public static final long TRANSACTIONAL_BUFFER_BYTES = 16L * 1024 * 1024;

    /** The settings of a transactional producer: the common ones, acks=all, its retry back-off and buffer bound. */
    public Map<String, Object> transactional() {
        Map<String, Object> props = common();
        // a write counts once min.insync.replicas brokers have it (exactly-once requires it anyway: said here)
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, TRANSACTIONAL_RETRY_BACKOFF_MS);
        props.putIfAbsent(ProducerConfig.BUFFER_MEMORY_CONFIG, TRANSACTIONAL_BUFFER_BYTES);
        return props;
    }

    /** A fresh mutable copy of the common client settings. */
    public Map<String, Object> common() {
        return new HashMap<>(common);
    }

    public String bootstrapServers() {
        return String.valueOf(common.get("bootstrap.servers"));
    }

    public String applicationId() {
        return service.applicationId();
    }

    public String instanceId() {
        return instanceId;
    }

    /** {@code session.timeout.ms} of every consumer group of the service (see {@link ServiceConfig}). */
    public int sessionTimeoutMs() {
        return service.sessionTimeoutMs();
    }
}

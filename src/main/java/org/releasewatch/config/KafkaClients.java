package org.releasewatch.config;

import io.micronaut.configuration.kafka.config.KafkaDefaultConfiguration;
import jakarta.inject.Singleton;

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

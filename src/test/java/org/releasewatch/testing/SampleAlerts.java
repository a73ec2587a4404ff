package org.releasewatch.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Evidence;
import org.releasewatch.model.Severity;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Alerts as the rules write them, for tests of what reads the alerts topic. */
public final class SampleAlerts {

    private SampleAlerts() {
    }

    public static Alert alert(String id, AlertRule rule, Severity severity, String country) {
        return new Alert(Alert.SCHEMA, id, rule, severity, country, rule + " in " + country,
                Instant.parse("2025-12-13T10:00:00Z"), Instant.now(), new Evidence(List.of("e-" + id), List.of()),
                JsonNodeFactory.instance.objectNode().put("sample", true));
    }

    public static ProducerRecord<byte[], byte[]> record(String topic, Alert alert) {
        return new ProducerRecord<>(topic, alert.country().getBytes(StandardCharsets.UTF_8), Json.bytes(alert));
    }
}

package org.releasewatch.rules;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertSize;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serde of the alerts sink: an alert's JSON, never larger than {@link AlertSize#MAX_BYTES}. An alert over the
 * cap is trimmed ({@link AlertSize}: its evidence says how much it left out), never dropped and never a reason for
 * the producer to reject the record — which would fail the stream thread on the same record again and again.
 */
public final class BoundedAlertSerde implements Serde<Alert> {

    private static final Logger LOG = LoggerFactory.getLogger(BoundedAlertSerde.class);

    private final int maxBytes;

    public BoundedAlertSerde(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** At most {@link AlertSize#MAX_BYTES} per alert. */
    public static BoundedAlertSerde capped() {
        return new BoundedAlertSerde(AlertSize.MAX_BYTES);
    }

    @Override
    public Serializer<Alert> serializer() {
        return (topic, alert) -> {
            if (alert == null) {
                return null;
            }
            byte[] json = Json.bytes(alert);
            if (json.length <= maxBytes) {
                return json;
            }
            byte[] trimmed = Json.bytes(AlertSize.fit(alert, maxBytes));
            LOG.warn("Alert {} ({} {}) was {} bytes, over the {}-byte cap: trimmed to {} bytes (evidence says what it"
                    + " left out)", alert.id(), alert.rule(), alert.country(), json.length, maxBytes, trimmed.length);
            return trimmed;
        };
    }

    @Override
    public Deserializer<Alert> deserializer() {
        return (topic, bytes) -> bytes == null ? null : Json.read(bytes, Alert.class);
    }
}

package org.releasewatch.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.common.TopicPartition;
import org.releasewatch.json.Json;
import org.releasewatch.model.WebhookFailure;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * What a webhook worker needs of an alert record, read as JSON text rather than bound to this version's enums: the
 * {@code id} (the {@code webhook-id}), and {@code rule}, {@code severity}, {@code country} for the filters. A rule or
 * severity this version does not know is kept as text, so such an alert is still filtered and delivered; the body
 * sent is always the record's own bytes. (What a chat or email message shows of an alert is
 * {@code channels.AlertView}.)
 */
record AlertFields(String id, String rule, String severity, String country, Instant emittedAt, JsonNode json) {

    /** The view of a record value; an IllegalArgumentException saying why for one that cannot be delivered. */
    static AlertFields of(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("no value");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(value);
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            int newline = message.indexOf('\n');
            throw new IllegalArgumentException("not JSON (" + (newline > 0 ? message.substring(0, newline) : message) + ")");
        } catch (StackOverflowError e) {
            throw new IllegalArgumentException("not JSON (nested too deeply)");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonNode id = node.get("id");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            throw new IllegalArgumentException("no id (the webhook-id of a delivery)");
        }
        return new AlertFields(id.asText(), text(node, "rule"), text(node, "severity"), text(node, "country"),
                instant(text(node, "emittedAt")), node);
    }

    /** {@code msgType} as text (null when absent: a thread's first message, as v1.1 wrote every alert). */
    String msgType() {
        return json == null ? null : text(json, "msgType");
    }

    /** A stand-in for a record that could not be read: its key, if any, is its id. */
    static AlertFields unreadable(String key) {
        return new AlertFields(key, null, null, null, null, null);
    }

    /**
     * The webhook-DLQ value: the contract's WebhookFailure {@code {subscription, alert, attempts, lastError}} with the
     * alert as it was on the topic — or, for a record that could not be read, {@code alert} null, {@code attempts} 0
     * and {@code source} {topic, partition, offset} saying where it is.
     */
    ObjectNode failure(WebhookFailure.SubscriptionRef subscription, byte[] body, int attempts, String lastError,
                       TopicPartition tp, long offset) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.set("subscription", Json.tree(subscription));
        if (json != null) {
            out.set("alert", json);
        } else {
            out.putNull("alert");
        }
        out.put("attempts", attempts);
        out.put("lastError", lastError);
        if (json == null) {
            ObjectNode source = out.putObject("source");
            source.put("topic", tp.topic());
            source.put("partition", tp.partition());
            source.put("offset", offset);
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

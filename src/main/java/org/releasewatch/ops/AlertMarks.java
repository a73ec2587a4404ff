package org.releasewatch.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;

import java.time.Instant;
import java.util.Optional;

/**
 * What the API adds to an alert: {@code ack} (who acknowledged it, when, the note; null if nobody did) and
 * {@code silenced} (the silence that matched it when it was emitted, {@code {id, comment, endsAt}}; null if none).
 */
@Singleton
public class AlertMarks {

    private final Acks acks;
    private final Silences silences;

    public AlertMarks(Acks acks, Silences silences) {
        this.acks = acks;
        this.silences = silences;
    }

    public Optional<Ack> ack(Alert alert) {
        return acks.of(alert.id());
    }

    public Optional<Silence> silencedBy(Alert alert) {
        Instant at = alert.emittedAt() == null ? alert.occurredAt() : alert.emittedAt();
        return at == null ? Optional.empty() : silences.holding(alert.rule() == null ? null : alert.rule().name(),
                alert.severity() == null ? null : alert.severity().wire(), alert.country(), alert.details(), at);
    }

    public ObjectNode marked(Alert alert) {
        ObjectNode tree = Json.MAPPER.valueToTree(alert);
        tree.set("ack", ack(alert).<com.fasterxml.jackson.databind.JsonNode>map(Json.MAPPER::valueToTree).orElse(null));
        tree.set("silenced", silencedBy(alert).map(s -> (com.fasterxml.jackson.databind.JsonNode) Json.MAPPER.createObjectNode()
                .put("id", s.id()).put("comment", s.comment()).put("endsAt", s.endsAt().toString())).orElse(null));
        return tree;
    }
}

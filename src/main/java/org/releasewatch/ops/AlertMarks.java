package org.releasewatch.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;

import java.time.Instant;
import java.util.Optional;

/**
 * What the API adds to an alert: {@code ack} (who acknowledged its thread, when, the note; null if nobody did) and
 * {@code silenced} (the silence that matched it, or its thread's first message, when it was emitted,
 * {@code {id, comment, endsAt}}; null if none). Both apply to threads (contract v1.2): an ack of any message of a
 * thread marks all of them, and a silence that holds a thread's first message holds its later messages too.
 */
@Singleton
public class AlertMarks {

    private final Acks acks;
    private final Silences silences;
    private final ThreadLookup threads;

    public AlertMarks(Acks acks, Silences silences, ThreadLookup threads) {
        this.acks = acks;
        this.silences = silences;
        this.threads = threads;
    }

    /** The newest ack of any message of the alert's thread. */
    public Optional<Ack> ack(Alert alert) {
        return acks.ofThread(alert.threadId());
    }

    public Optional<Silence> silencedBy(Alert alert) {
        Instant at = alert.emittedAt() == null ? alert.occurredAt() : alert.emittedAt();
        return at == null ? Optional.empty() : holding(silences, threads, alert, at);
    }

    /**
     * The silence holding a message at {@code at}: one that matches its own fields, else — for a later message of a
     * thread — one that matches the thread's first message (whose fields a later message may no longer carry).
     */
    static Optional<Silence> holding(Silences silences, ThreadLookup threads, Alert alert, Instant at) {
        Optional<Silence> own = holdingFields(silences, alert, at);
        if (own.isPresent() || alert.first() || alert.thread() == null) {
            return own;
        }
        return threads.firstMessage(alert.threadId()).flatMap(first -> holdingFields(silences, first, at));
    }

    private static Optional<Silence> holdingFields(Silences silences, Alert alert, Instant at) {
        return silences.holding(alert.rule() == null ? null : alert.rule().name(),
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

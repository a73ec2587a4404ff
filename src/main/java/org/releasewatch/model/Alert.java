package org.releasewatch.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * The alert envelope of the contract ({@code releasewatch.alert/v1}). {@code id} depends only on
 * the rule and its dedup key; {@code emittedAt} is wall-clock time, set when the alert is emitted.
 *
 * <p>Contract v1.2 threads alerts: {@code msgType}, {@code thread}, {@code references} and {@code change}
 * are optional and absent on a thread's first message, so a first message keeps the bytes v1.1 gave it;
 * an {@code update} or {@code cancel} names its thread and the earlier messages it supersedes or withdraws.
 */
@JsonPropertyOrder({"schema", "id", "rule", "severity", "country", "title", "occurredAt", "emittedAt",
        "msgType", "thread", "references", "change", "evidence", "details"})
public record Alert(
        String schema,
        String id,
        AlertRule rule,
        Severity severity,
        String country,
        String title,
        Instant occurredAt,
        Instant emittedAt,
        Evidence evidence,
        JsonNode details,
        @JsonInclude(JsonInclude.Include.NON_NULL) MsgType msgType,
        @JsonInclude(JsonInclude.Include.NON_NULL) String thread,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> references,
        @JsonInclude(JsonInclude.Include.NON_NULL) String change) {

    public static final String SCHEMA = "releasewatch.alert/v1";

    @JsonCreator
    public Alert {
        references = references == null ? List.of() : List.copyOf(references);
    }

    /** A thread's first message, as v1.1 wrote every alert. */
    public Alert(String schema, String id, AlertRule rule, Severity severity, String country, String title,
                 Instant occurredAt, Instant emittedAt, Evidence evidence, JsonNode details) {
        this(schema, id, rule, severity, country, title, occurredAt, emittedAt, evidence, details, null, null, null, null);
    }

    public Alert withEmittedAt(Instant at) {
        return new Alert(schema, id, rule, severity, country, title, occurredAt, at, evidence, details,
                msgType, thread, references, change);
    }

    public Alert withEvidence(Evidence e) {
        return new Alert(schema, id, rule, severity, country, title, occurredAt, emittedAt, e, details,
                msgType, thread, references, change);
    }

    public Alert withTitleAndDetails(String newTitle, JsonNode newDetails) {
        return new Alert(schema, id, rule, severity, country, newTitle, occurredAt, emittedAt, evidence, newDetails,
                msgType, thread, references, change);
    }

    /**
     * This message as a later message of {@code first}'s thread: its own {@code id}, the thread of
     * {@code first}, the ids it supersedes or withdraws (oldest first) and the one-line {@code change}.
     */
    public Alert inThread(MsgType type, String messageId, String threadId, List<String> referenced, String changeLine) {
        return new Alert(schema, messageId, rule, severity, country, title, occurredAt, emittedAt, evidence, details,
                type, threadId, referenced, changeLine);
    }

    /** {@code alert} when the field is absent. */
    @JsonIgnore
    public MsgType type() {
        return msgType == null ? MsgType.ALERT : msgType;
    }

    /** The id of the thread's first message: {@code thread}, or this message's own id for a first message. */
    @JsonIgnore
    public String threadId() {
        return thread == null ? id : thread;
    }

    /** Whether this is the first message of its thread. */
    @JsonIgnore
    public boolean first() {
        return type() == MsgType.ALERT;
    }
}

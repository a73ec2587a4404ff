package org.releasewatch.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * The alert envelope of the contract ({@code releasewatch.alert/v1}). {@code id} depends only on
 * the rule and its dedup key; {@code emittedAt} is wall-clock time, set when the alert is emitted.
 */
@JsonPropertyOrder({"schema", "id", "rule", "severity", "country", "title", "occurredAt", "emittedAt", "evidence", "details"})
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
        JsonNode details) {

    public static final String SCHEMA = "releasewatch.alert/v1";

    public Alert withEmittedAt(Instant at) {
        return new Alert(schema, id, rule, severity, country, title, occurredAt, at, evidence, details);
    }
}

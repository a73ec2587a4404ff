package org.releasewatch.ops;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * A silence (the Alertmanager model): alerts matching {@link #matchers} and emitted in [{@code startsAt},
 * {@code endsAt}) still reach the alerts topic and the history, marked silenced, but are not delivered to any
 * subscription. Value of {@code releasewatch.silences.v1} (key id), always in its latest state: ending one early
 * writes it again with {@code endsAt} = then and {@code endedBy}.
 */
public record Silence(String id, Matchers matchers, Instant startsAt, Instant endsAt, String comment,
                      String createdBy, Instant createdAt, String endedBy) {

    public boolean activeAt(Instant at) {
        return !at.isBefore(startsAt) && at.isBefore(endsAt);
    }

    /** pending, active or ended, at {@code now}. */
    public String state(Instant now) {
        return now.isBefore(startsAt) ? "pending" : now.isBefore(endsAt) ? "active" : "ended";
    }

    public boolean holds(String rule, String severity, String country, JsonNode details, Instant at) {
        return activeAt(at) && matchers.matches(rule, severity, country, details);
    }

    public Silence endedAt(Instant at, String by) {
        return new Silence(id, matchers, startsAt.isAfter(at) ? at : startsAt, at, comment, createdBy, createdAt, by);
    }
}

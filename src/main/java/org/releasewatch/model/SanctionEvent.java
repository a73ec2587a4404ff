package org.releasewatch.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * A sanctions measure changed (contract: SanctionEvent), validated and normalised. With {@code retracted}
 * (contract v1.2) the record withdraws the earlier report of the same {@code eventId}.
 */
public record SanctionEvent(
        String eventId,
        Instant occurredAt,
        String issuer,
        String targetCountry,
        SanctionAction action,
        SanctionTarget target,
        String sector,
        String program,
        String agreement,
        Source source,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean retracted,
        @JsonInclude(JsonInclude.Include.NON_NULL) String retractionNote) {

    @JsonCreator
    public SanctionEvent {
    }

    /** A report (not a retraction). */
    public SanctionEvent(String eventId, Instant occurredAt, String issuer, String targetCountry, SanctionAction action,
                         SanctionTarget target, String sector, String program, String agreement, Source source) {
        this(eventId, occurredAt, issuer, targetCountry, action, target, sector, program, agreement, source, false, null);
    }
}

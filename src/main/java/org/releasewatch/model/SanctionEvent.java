package org.releasewatch.model;

import java.time.Instant;

/** A sanctions measure changed (contract: SanctionEvent), validated and normalised. */
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
        Source source) {
}

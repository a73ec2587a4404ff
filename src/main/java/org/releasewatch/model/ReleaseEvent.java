package org.releasewatch.model;

import java.time.Instant;
import java.util.List;

/**
 * One person released from detention (contract: ReleaseEvent). Instances reaching the topology are
 * validated and normalised: country codes upper-case, {@code occurredAt} in UTC.
 */
public record ReleaseEvent(
        String eventId,
        Instant occurredAt,
        String country,
        Person person,
        List<String> charges,
        String transferredTo,
        String agreement,
        Source source) {

    public ReleaseEvent {
        charges = charges == null ? List.of() : List.copyOf(charges);
    }
}

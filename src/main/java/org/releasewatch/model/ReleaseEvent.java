package org.releasewatch.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * One person released from detention (contract: ReleaseEvent). Instances reaching the topology are
 * validated and normalised: country codes upper-case, {@code occurredAt} in UTC. With {@code retracted}
 * (contract v1.2) the record withdraws the earlier report of the same {@code eventId}; {@code retractionNote}
 * says why and is only set on a retraction.
 */
public record ReleaseEvent(
        String eventId,
        Instant occurredAt,
        String country,
        Person person,
        List<String> charges,
        String transferredTo,
        String agreement,
        Source source,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean retracted,
        @JsonInclude(JsonInclude.Include.NON_NULL) String retractionNote) {

    @JsonCreator
    public ReleaseEvent {
        charges = charges == null ? List.of() : List.copyOf(charges);
    }

    /** A report (not a retraction). */
    public ReleaseEvent(String eventId, Instant occurredAt, String country, Person person, List<String> charges,
                        String transferredTo, String agreement, Source source) {
        this(eventId, occurredAt, country, person, charges, transferredTo, agreement, source, false, null);
    }
}

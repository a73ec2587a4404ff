package org.releasewatch.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * One person released from detention (contract: ReleaseEvent). Instances reaching the topology are
 * validated and normalised: country codes upper-case, {@code occurredAt} in UTC. With {@code retracted}
 * (contract v1.2) the record withdraws the earlier report of the same {@code eventId}; {@code retractionNote}
 * says why and is only set on a retraction. {@code inferred} (contract v1.2, prisoner rosters) marks a release the
 * service derived from a roster change (a person left a list of people held) rather than one a source reported.
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
        @JsonInclude(JsonInclude.Include.NON_NULL) String retractionNote,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean inferred) {

    @JsonCreator
    public ReleaseEvent {
        charges = charges == null ? List.of() : List.copyOf(charges);
    }

    /** A report (not a retraction). */
    public ReleaseEvent(String eventId, Instant occurredAt, String country, Person person, List<String> charges,
                        String transferredTo, String agreement, Source source) {
        this(eventId, occurredAt, country, person, charges, transferredTo, agreement, source, false, null, false);
    }

    /** A report or a retraction, not inferred. */
    public ReleaseEvent(String eventId, Instant occurredAt, String country, Person person, List<String> charges,
                        String transferredTo, String agreement, Source source, boolean retracted, String retractionNote) {
        this(eventId, occurredAt, country, person, charges, transferredTo, agreement, source, retracted, retractionNote, false);
    }
}

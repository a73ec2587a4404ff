package org.releasewatch.model.details;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.releasewatch.model.SanctionTarget;

/**
 * LINKED_RELIEF: the relief, the distinct persons released in the link window ({@code releaseCount}, 0 only in a
 * cancel), the agreement the relief shares with a linked release (or null) and the {@code confidence} of the link:
 * {@code high} with a shared agreement, else {@code medium}.
 */
@JsonPropertyOrder({"sanction", "releaseCount", "agreement", "confidence"})
public record LinkedReliefDetails(Sanction sanction, Integer releaseCount, String agreement, String confidence)
        implements AlertDetails {

    /** The relief as reported. */
    @JsonPropertyOrder({"eventId", "issuer", "action", "target", "sector"})
    public record Sanction(String eventId, String issuer, String action, SanctionTarget target, String sector) {
    }
}

package org.releasewatch.model.details;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.releasewatch.model.SanctionTarget;

/** SANCTIONS_CHANGE: the measure as reported, {@code action} one of IMPOSED, LIFTED, EASED, EXTENDED. */
@JsonPropertyOrder({"issuer", "action", "target", "sector", "program", "agreement"})
public record SanctionsChangeDetails(String issuer, String action, SanctionTarget target, String sector, String program,
                                     String agreement) implements AlertDetails {
}

package org.releasewatch.model.details;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.util.Map;

/**
 * MASS_RELEASE: the threshold reached, the distinct persons counted ({@code count}, 0 only in a cancel), the window
 * and the persons by destination (a country code, or {@code unknown}), in key order; how many of the persons counted
 * two or more distinct sources reported ({@code corroborated}; absent in alerts written before it was counted).
 */
@JsonPropertyOrder({"threshold", "count", "windowStart", "windowEnd", "byDestination", "corroborated"})
public record MassReleaseDetails(Integer threshold, Integer count, Instant windowStart, Instant windowEnd,
                                 Map<String, Integer> byDestination, @JsonInclude(JsonInclude.Include.NON_NULL) Integer corroborated) implements AlertDetails {
}

package org.releasewatch.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.Objects;

/**
 * Value of the internal topic {@code releasewatch.internal.events-by-country.v1}: exactly one of
 * {@code release} or {@code sanction}, validated and normalised, keyed by the country it concerns
 * (the release's {@code country}, the sanction's {@code targetCountry}) so every rule sees one
 * country's events on one partition, in order.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestedEvent(@JsonProperty("release") ReleaseEvent release,
                            @JsonProperty("sanction") SanctionEvent sanction) {

    public IngestedEvent {
        if ((release == null) == (sanction == null)) {
            throw new IllegalArgumentException("exactly one of release or sanction must be set");
        }
    }

    public static IngestedEvent of(ReleaseEvent release) {
        return new IngestedEvent(release, null);
    }

    public static IngestedEvent of(SanctionEvent sanction) {
        return new IngestedEvent(null, sanction);
    }

    @JsonIgnore
    public boolean hasRelease() {
        return release != null;
    }

    @JsonIgnore
    public String eventId() {
        return release != null ? release.eventId() : sanction.eventId();
    }

    /** Whether this record withdraws the report of the same {@code eventId} (contract v1.2) rather than being one. */
    @JsonIgnore
    public boolean retracted() {
        return release != null ? release.retracted() : sanction.retracted();
    }

    @JsonIgnore
    public Instant occurredAt() {
        return release != null ? release.occurredAt() : sanction.occurredAt();
    }

    /** The partition key: the country this event is about. */
    @JsonIgnore
    public String country() {
        return Objects.requireNonNull(release != null ? release.country() : sanction.targetCountry());
    }
}

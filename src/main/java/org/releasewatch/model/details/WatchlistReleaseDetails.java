package org.releasewatch.model.details;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.releasewatch.model.Person;

import java.util.List;

/**
 * WATCHLIST_RELEASE: the person as reported, their watchlist priority ({@code high} or {@code normal}) and note, and
 * the release's destination, charges and agreement, and whether one source reported it that day or more
 * ({@code single-source}, {@code corroborated}); {@code inferred} (written only when true) when the release was
 * derived from a prisoner roster rather than reported, so that the dashboard can mark it.
 */
@JsonPropertyOrder({"person", "priority", "transferredTo", "charges", "note", "agreement", "corroboration", "inferred"})
public record WatchlistReleaseDetails(Person person, String priority, String transferredTo, List<String> charges,
                                      String note, String agreement, @JsonInclude(JsonInclude.Include.NON_NULL) String corroboration,
                                      @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean inferred) implements AlertDetails {

    @JsonCreator
    public WatchlistReleaseDetails {
    }

    /** A reported release's details. */
    public WatchlistReleaseDetails(Person person, String priority, String transferredTo, List<String> charges,
                                   String note, String agreement, String corroboration) {
        this(person, priority, transferredTo, charges, note, agreement, corroboration, false);
    }
}

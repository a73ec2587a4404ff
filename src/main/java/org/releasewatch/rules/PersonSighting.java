package org.releasewatch.rules;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.releasewatch.model.Source;

import java.util.List;

/**
 * A person counted in a MASS_RELEASE window, as the rule reads a {@link ReleasedPerson}: where they went, and the reports of their release kept as evidence — the first {@link #MAX_EVENT_IDS}
 * event ids and {@link #MAX_SOURCES} sources, with how many more there were, so a person reported a
 * thousand times still costs a few hundred bytes.
 */
public record PersonSighting(String destination, List<String> eventIds, List<Source> sources,
                             @JsonInclude(JsonInclude.Include.NON_DEFAULT) int moreEventIds) {

    static final int MAX_EVENT_IDS = 10;
    static final int MAX_SOURCES = 5;

    public PersonSighting {
        eventIds = List.copyOf(eventIds == null ? List.of() : eventIds);
        sources = List.copyOf(sources == null ? List.of() : sources);
    }

    static PersonSighting first(String destination, String eventId, Source source) {
        return new PersonSighting(destination, List.of(eventId), source == null ? List.of() : List.of(source), 0);
    }

    /** How many distinct source names reported this person (of the sources kept). */
    int sourceNames() {
        return (int) sources.stream().map(Source::name).distinct().count();
    }

    /**
     * Without the report {@code eventId} (withdrawn), or null when no report of the person is left. The sources stay:
     * which report named which is not kept.
     */
    PersonSighting withdrawn(String eventId) {
        List<String> ids = eventIds.stream().filter(id -> !id.equals(eventId)).toList();
        return ids.isEmpty() && moreEventIds == 0 ? null : new PersonSighting(destination, ids, sources, moreEventIds);
    }

    /** The same person reported again (another source, or the same event redelivered): the same sighting if nothing is new. */
    PersonSighting reportedAgain(String eventId, Source source) {
        boolean knownId = eventIds.contains(eventId);
        List<String> ids = knownId || eventIds.size() >= MAX_EVENT_IDS ? eventIds : Evidences.with(eventIds, eventId);
        int more = knownId || ids != eventIds ? moreEventIds : moreEventIds + 1;
        List<Source> srcs = sources.size() >= MAX_SOURCES ? sources : Evidences.with(sources, source);
        return new PersonSighting(destination, ids, srcs, more);
    }
}

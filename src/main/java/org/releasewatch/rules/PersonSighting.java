package org.releasewatch.rules;

import org.releasewatch.model.Source;

import java.util.List;

/**
 * A person counted in a MASS_RELEASE window (value of the per-person store): where they went, and
 * every report of their release (event ids and sources), kept as evidence.
 */
public record PersonSighting(String destination, List<String> eventIds, List<Source> sources) {

    public PersonSighting {
        eventIds = List.copyOf(eventIds == null ? List.of() : eventIds);
        sources = List.copyOf(sources == null ? List.of() : sources);
    }

    /** The same person reported again (another source, or the same event redelivered). */
    PersonSighting reportedAgain(String eventId, Source source) {
        return new PersonSighting(destination, Evidences.with(eventIds, eventId), Evidences.with(sources, source));
    }
}

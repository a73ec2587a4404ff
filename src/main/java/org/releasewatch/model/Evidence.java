package org.releasewatch.model;

import java.util.List;

/** Every event behind an alert, deduplicated, in the order seen. */
public record Evidence(List<String> eventIds, List<Source> sources) {
    public Evidence {
        eventIds = eventIds == null ? List.of() : List.copyOf(eventIds);
        sources = sources == null ? List.of() : List.copyOf(sources);
    }
}

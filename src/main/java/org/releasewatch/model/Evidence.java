package org.releasewatch.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * Every event behind an alert, deduplicated, in the order seen — up to a limit, so an alert stays
 * readable and far below Kafka's 1 MiB record limit however many events stand behind it: at most
 * {@link #MAX_EVENT_IDS} event ids and {@link #MAX_SOURCES} sources. When more were left out,
 * {@code eventIdsOmitted} and {@code sourcesOmitted} say how many (absent otherwise; an addition to the
 * contract's envelope).
 */
public record Evidence(List<String> eventIds, List<Source> sources,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Integer eventIdsOmitted,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Integer sourcesOmitted) {

    public static final int MAX_EVENT_IDS = 1000;
    public static final int MAX_SOURCES = 100;

    @JsonCreator
    public Evidence {
        eventIds = eventIds == null ? List.of() : List.copyOf(eventIds);
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    public Evidence(List<String> eventIds, List<Source> sources) {
        this(eventIds, sources, null, null);
    }
}

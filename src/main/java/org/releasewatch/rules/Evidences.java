package org.releasewatch.rules;

import org.releasewatch.model.Evidence;
import org.releasewatch.model.Source;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/** Building evidence: event ids and sources, each once, in the order first seen. */
final class Evidences {

    private Evidences() {
    }

    static Evidence of(String eventId, Source source) {
        return new Evidence(List.of(eventId), source == null ? List.of() : List.of(source));
    }

    /**
     * Evidence of many events: each once, in the order given, the first {@link Evidence#MAX_EVENT_IDS} ids
     * and {@link Evidence#MAX_SOURCES} sources, with the number left out of each.
     */
    static Evidence merge(Collection<String> eventIds, Collection<Source> sources) {
        return merge(eventIds, sources, 0);
    }

    /** As {@link #merge(Collection, Collection)}, with {@code alreadyOmitted} ids left out before (state kept only the first few). */
    static Evidence merge(Collection<String> eventIds, Collection<Source> sources, int alreadyOmitted) {
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(eventIds));
        List<Source> distinctSources = new ArrayList<>(new LinkedHashSet<>(sources.stream().filter(Objects::nonNull).toList()));
        int idsOmitted = Math.max(0, ids.size() - Evidence.MAX_EVENT_IDS) + alreadyOmitted;
        return new Evidence(first(ids, Evidence.MAX_EVENT_IDS), first(distinctSources, Evidence.MAX_SOURCES),
                idsOmitted == 0 ? null : idsOmitted, omitted(distinctSources, Evidence.MAX_SOURCES));
    }

    private static <T> List<T> first(List<T> items, int limit) {
        return items.size() <= limit ? items : items.subList(0, limit);
    }

    private static Integer omitted(List<?> items, int limit) {
        return items.size() > limit ? items.size() - limit : null;
    }

    /** {@code list} with {@code item} appended unless it is already there (or null). */
    static <T> List<T> with(List<T> list, T item) {
        if (item == null || list.contains(item)) {
            return list;
        }
        List<T> out = new ArrayList<>(list);
        out.add(item);
        return out;
    }
}

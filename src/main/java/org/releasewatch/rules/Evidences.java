package org.releasewatch.rules;

import org.releasewatch.model.Evidence;
import org.releasewatch.model.Source;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
        Kept<String> ids = firstDistinct(eventIds, Evidence.MAX_EVENT_IDS, false);
        Kept<Source> kept = firstDistinct(sources, Evidence.MAX_SOURCES, true);
        int idsOmitted = ids.omitted() + alreadyOmitted;
        return new Evidence(ids.first(), kept.first(), idsOmitted == 0 ? null : idsOmitted,
                kept.omitted() == 0 ? null : kept.omitted());
    }

    /** The first {@code limit} distinct items in order, and how many distinct ones more there were. */
    private record Kept<T>(List<T> first, int omitted) {
    }

    /**
     * One pass, no copy of the whole input: a relief's evidence is merged from every report of its two weeks, thousands
     * of ids of which only the first few are kept.
     */
    private static <T> Kept<T> firstDistinct(Collection<T> items, int limit, boolean skipNulls) {
        Set<T> seen = new HashSet<>(Math.max(16, items.size() * 4 / 3 + 1));
        List<T> first = new ArrayList<>(Math.min(limit, items.size()));
        for (T item : items) {
            if ((item != null || !skipNulls) && seen.add(item) && first.size() < limit) {
                first.add(item);
            }
        }
        return new Kept<>(first, seen.size() - first.size());
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

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

    static Evidence merge(Collection<String> eventIds, Collection<Source> sources) {
        return new Evidence(new ArrayList<>(new LinkedHashSet<>(eventIds)),
                new ArrayList<>(new LinkedHashSet<>(sources.stream().filter(Objects::nonNull).toList())));
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

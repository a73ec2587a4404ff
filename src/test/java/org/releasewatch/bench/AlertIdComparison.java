package org.releasewatch.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The bulk's alert ids against the reference's, rule by rule: equal, or which ids only one side has — at most
 * {@link #SHOWN} of each side named, with the counts, so a run that differs says where without printing tens of
 * thousands of ids.
 */
record AlertIdComparison(Set<String> onlyInPipeline, Set<String> onlyInReference) {

    static final int SHOWN = 20;

    /** Both sides as rule name → alert ids; each difference written as "RULE id". */
    static AlertIdComparison of(Map<String, Set<String>> pipeline, Map<String, Set<String>> reference) {
        return new AlertIdComparison(missingFrom(reference, pipeline), missingFrom(pipeline, reference));
    }

    private static Set<String> missingFrom(Map<String, Set<String>> other, Map<String, Set<String>> side) {
        Set<String> out = new TreeSet<>();
        side.forEach((rule, ids) -> ids.stream().filter(id -> !other.getOrDefault(rule, Set.of()).contains(id))
                .forEach(id -> out.add(rule + " " + id)));
        return out;
    }

    boolean equal() {
        return onlyInPipeline.isEmpty() && onlyInReference.isEmpty();
    }

    /** For result.json: the counts and the first {@link #SHOWN} ids of each side. */
    Map<String, Object> differences() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("only_in_pipeline_count", onlyInPipeline.size());
        out.put("only_in_pipeline", first(onlyInPipeline));
        out.put("only_in_reference_count", onlyInReference.size());
        out.put("only_in_reference", first(onlyInReference));
        return out;
    }

    private static List<String> first(Set<String> ids) {
        return ids.stream().limit(SHOWN).toList();
    }

    /** Alert ids by rule name → how many per rule, the shape of {@code alerts_after_bulk_by_rule}. */
    static Map<String, Long> counts(Map<String, Set<String>> idsByRule) {
        Map<String, Long> out = new java.util.TreeMap<>();
        idsByRule.forEach((rule, ids) -> out.put(rule, (long) ids.size()));
        return out;
    }
}

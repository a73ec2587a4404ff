package org.releasewatch.ops;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Locale;

/**
 * Which alerts a silence holds: every given matcher must match (AND), a list matches when it holds the alert's
 * value (OR). An alert without a person (or target) never matches a {@code personIds} (or {@code targetIds})
 * matcher. Values are compared as the alert's JSON text, so a rule a newer instance emits is matched too.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Matchers(List<String> rules, List<String> countries, List<String> personIds, List<String> targetIds,
                       String minSeverity) {

    private static final List<String> SEVERITIES = List.of("info", "warning", "critical");

    public boolean matches(String rule, String severity, String country, JsonNode details) {
        if (rules != null && (rule == null || !rules.contains(rule))) {
            return false;
        }
        if (countries != null && (country == null || !countries.contains(country.toUpperCase(Locale.ROOT)))) {
            return false;
        }
        if (minSeverity != null && rank(severity) < rank(minSeverity)) {
            return false;
        }
        if (personIds != null && !has(personIds, personId(details))) {
            return false;
        }
        return targetIds == null || has(targetIds, targetId(details));
    }

    /** Null-safe (List.of(...).contains(null) throws). */
    private static boolean has(List<String> values, String value) {
        return value != null && values.contains(value);
    }

    static int rank(String severity) {
        return severity == null ? -1 : SEVERITIES.indexOf(severity.toLowerCase(Locale.ROOT));
    }

    static boolean knownSeverity(String severity) {
        return SEVERITIES.contains(severity);
    }

    /** WATCHLIST_RELEASE: {@code details.person.id}. */
    static String personId(JsonNode details) {
        JsonNode id = details == null ? null : details.path("person").path("id");
        return id != null && id.isTextual() ? id.asText() : null;
    }

    /** SANCTIONS_CHANGE: {@code details.target.id}; LINKED_RELIEF: {@code details.sanction.target.id}. */
    static String targetId(JsonNode details) {
        if (details == null) {
            return null;
        }
        JsonNode id = details.path("target").path("id");
        if (!id.isTextual()) {
            id = details.path("sanction").path("target").path("id");
        }
        return id.isTextual() ? id.asText() : null;
    }
}

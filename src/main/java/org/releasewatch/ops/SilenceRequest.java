package org.releasewatch.ops;

import com.fasterxml.jackson.databind.JsonNode;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.BadParameter;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads {@code POST /api/silences}: {@code {matchers: {rules?, countries?, personIds?, targetIds?, minSeverity?},
 * startsAt?, endsAt, comment}}. Every problem is a 400 naming the field ({@code matchers.rules}, {@code endsAt},
 * ...). A {@code startsAt} in the past (or none) means now: a silence never reaches back to alerts already
 * delivered, so what the API marks silenced is what was held back.
 */
final class SilenceRequest {

    static final int MAX_ID_CHARS = 200;
    private static final Set<String> FIELDS = Set.of("matchers", "startsAt", "endsAt", "comment");
    private static final Set<String> MATCHERS = Set.of("rules", "countries", "personIds", "targetIds", "minSeverity");

    private SilenceRequest() {
    }

    static Silence parse(JsonNode body, OpsConfig ops, Instant now, String id, String by) {
        if (body == null || !body.isObject()) {
            throw new BadParameter("body", "must be a JSON object {matchers, startsAt?, endsAt, comment}");
        }
        unknownFields(body, FIELDS, "");
        JsonNode m = body.get("matchers");
        if (m == null || !m.isObject()) {
            throw new BadParameter("matchers", "is required: an object with at least one of " + MATCHERS);
        }
        unknownFields(m, MATCHERS, "matchers.");
        List<String> rules = list(m, "rules", ops, v -> {
            String rule = v.trim().toUpperCase(Locale.ROOT);
            try {
                AlertRule.valueOf(rule);
            } catch (IllegalArgumentException e) {
                throw new BadParameter("matchers.rules", "\"" + v + "\" is not one of " + Arrays.toString(AlertRule.values()));
            }
            return rule;
        });
        List<String> countries = list(m, "countries", ops, v -> {
            if (!v.trim().matches("[A-Za-z]{2}")) {
                throw new BadParameter("matchers.countries", "\"" + v + "\" is not an ISO 3166-1 alpha-2 code");
            }
            return v.trim().toUpperCase(Locale.ROOT);
        });
        List<String> personIds = list(m, "personIds", ops, v -> id("matchers.personIds", v));
        List<String> targetIds = list(m, "targetIds", ops, v -> id("matchers.targetIds", v));
        String minSeverity = null;
        if (m.hasNonNull("minSeverity")) {
            minSeverity = m.get("minSeverity").asText().trim().toLowerCase(Locale.ROOT);
            if (!m.get("minSeverity").isTextual() || !Matchers.knownSeverity(minSeverity)) {
                throw new BadParameter("matchers.minSeverity", "\"" + m.get("minSeverity").asText() + "\" is not one of info, warning, critical");
            }
        }
        if (rules == null && countries == null && personIds == null && targetIds == null && minSeverity == null) {
            throw new BadParameter("matchers", "needs at least one matcher: rules, countries, personIds, targetIds or minSeverity");
        }
        Instant startsAt = body.hasNonNull("startsAt") ? instant(body, "startsAt") : now;
        if (startsAt.isBefore(now)) {
            startsAt = now;
        }
        if (!body.hasNonNull("endsAt")) {
            throw new BadParameter("endsAt", "is required (an ISO-8601 instant with an offset)");
        }
        Instant endsAt = instant(body, "endsAt");
        if (!endsAt.isAfter(now)) {
            throw new BadParameter("endsAt", "must be in the future");
        }
        if (!endsAt.isAfter(startsAt)) {
            throw new BadParameter("endsAt", "must be after startsAt");
        }
        JsonNode c = body.get("comment");
        if (c == null || !c.isTextual() || c.asText().isBlank()) {
            throw new BadParameter("comment", "is required: say why (shown to everyone who sees the silenced alerts)");
        }
        if (c.asText().length() > ops.commentMax()) {
            throw new BadParameter("comment", "is longer than " + ops.commentMax() + " characters (releasewatch.ops.comment-max)");
        }
        return new Silence(id, new Matchers(rules, countries, personIds, targetIds, minSeverity), startsAt, endsAt,
                c.asText().trim(), by, now, null);
    }

    private static void unknownFields(JsonNode node, Set<String> known, String prefix) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new BadParameter(prefix + name, "is not a field of a silence; known: " + known);
            }
        }
    }

    private static List<String> list(JsonNode matchers, String name, OpsConfig ops, java.util.function.UnaryOperator<String> check) {
        JsonNode node = matchers.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        String field = "matchers." + name;
        if (!node.isArray()) {
            throw new BadParameter(field, "must be an array of strings");
        }
        if (node.isEmpty()) {
            throw new BadParameter(field, "is empty: leave it out to match any value");
        }
        if (node.size() > ops.matcherValuesMax()) {
            throw new BadParameter(field, "has " + node.size() + " values, more than "
                    + ops.matcherValuesMax() + " (releasewatch.ops.matcher-values-max)");
        }
        Set<String> values = new LinkedHashSet<>();
        for (JsonNode v : node) {
            if (!v.isTextual()) {
                throw new BadParameter(field, "must be an array of strings");
            }
            values.add(check.apply(v.asText()));
        }
        return new ArrayList<>(values);
    }

    private static String id(String field, String value) {
        if (value.isBlank() || value.length() > MAX_ID_CHARS) {
            throw new BadParameter(field, "ids must be 1 to " + MAX_ID_CHARS + " characters");
        }
        return value;
    }

    private static Instant instant(JsonNode body, String field) {
        JsonNode node = body.get(field);
        try {
            return OffsetDateTime.parse(node.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadParameter(field, "\"" + node.asText() + "\" is not an ISO-8601 instant with an offset (e.g. \"2025-12-13T18:00:00Z\")");
        }
    }
}

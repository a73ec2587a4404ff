package org.releasewatch.ops;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.releasewatch.json.Json;
import org.releasewatch.json.TextList;
import org.releasewatch.json.TextOnly;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.BadParameter;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The body of {@code POST /api/silences}: {@code {matchers: {rules?, countries?, personIds?, targetIds?,
 * minSeverity?}, startsAt?, endsAt, comment}}. Its JSON types and fields are checked as it is read, its bounds from
 * {@link OpsConfig} by {@link OpsLimit}, and the times against the clock by {@link #toSilence}; every problem is a 400
 * naming the field ({@code matchers.rules}, {@code endsAt}, ...). A {@code startsAt} in the past (or none) means now:
 * a silence never reaches back to alerts already delivered, so what the API marks silenced is what was held back.
 */
@Introspected
public record SilenceRequest(
        @NotNull(message = "is required: an object with at least one of " + Match.NAMES) @Valid Match matchers,
        @Nullable @JsonDeserialize(using = TextOnly.class) String startsAt,
        @NotNull(message = "is required (an ISO-8601 instant with an offset)")
        @JsonDeserialize(using = TextOnly.class) String endsAt,
        @NotBlank(message = "is required: say why (shown to everyone who sees the silenced alerts)")
        @OpsLimit(OpsLimit.Bound.COMMENT) @JsonDeserialize(using = TextOnly.class) String comment,
        @JsonAnySetter @Nullable Map<String, Object> others) {

    static final int MAX_ID_CHARS = 200;
    private static final Set<String> FIELDS = Set.of("matchers", "startsAt", "endsAt", "comment");

    public SilenceRequest {
        unknown(others, FIELDS, "");
    }

    /** What the matchers ask for: each list de-duplicated and normalised (rule names upper case, country codes too). */
    @Introspected
    public record Match(
            @OpsLimit(OpsLimit.Bound.MATCHER_VALUES) @Nullable @JsonDeserialize(using = TextList.class) List<String> rules,
            @OpsLimit(OpsLimit.Bound.MATCHER_VALUES) @Nullable @JsonDeserialize(using = TextList.class) List<String> countries,
            @OpsLimit(OpsLimit.Bound.MATCHER_VALUES) @Nullable @JsonDeserialize(using = TextList.class) List<String> personIds,
            @OpsLimit(OpsLimit.Bound.MATCHER_VALUES) @Nullable @JsonDeserialize(using = TextList.class) List<String> targetIds,
            @Nullable @JsonDeserialize(using = TextOnly.class) String minSeverity,
            @JsonAnySetter @Nullable Map<String, Object> others) {

        static final String NAMES = "[rules, countries, personIds, targetIds, minSeverity]";
        private static final Set<String> FIELDS = Set.of("rules", "countries", "personIds", "targetIds", "minSeverity");

        public Match {
            unknown(others, FIELDS, "matchers.");
            rules = values("rules", rules, v -> {
                String rule = v.trim().toUpperCase(Locale.ROOT);
                try {
                    AlertRule.valueOf(rule);
                } catch (IllegalArgumentException e) {
                    throw new BadParameter("matchers.rules", "\"" + v + "\" is not one of " + Arrays.toString(AlertRule.values()));
                }
                return rule;
            });
            countries = values("countries", countries, v -> {
                if (!v.trim().matches("[A-Za-z]{2}")) {
                    throw new BadParameter("matchers.countries", "\"" + v + "\" is not an ISO 3166-1 alpha-2 code");
                }
                return v.trim().toUpperCase(Locale.ROOT);
            });
            personIds = values("personIds", personIds, v -> id("matchers.personIds", v));
            targetIds = values("targetIds", targetIds, v -> id("matchers.targetIds", v));
            if (minSeverity != null) {
                String wanted = minSeverity.trim().toLowerCase(Locale.ROOT);
                if (!Matchers.knownSeverity(wanted)) {
                    throw new BadParameter("matchers.minSeverity", "\"" + minSeverity + "\" is not one of info, warning, critical");
                }
                minSeverity = wanted;
            }
            if (rules == null && countries == null && personIds == null && targetIds == null && minSeverity == null) {
                throw new BadParameter("matchers", "needs at least one matcher: rules, countries, personIds, targetIds or minSeverity");
            }
            others = null;
        }
    }

    /** A request given as a JSON tree (not over HTTP): read with the API's mapping, its problems named the same way. */
    static SilenceRequest read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new BadParameter("body", "must be a JSON object {matchers, startsAt?, endsAt, comment}");
        }
        try {
            return Json.MAPPER.treeToValue(body, SilenceRequest.class);
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BadParameter bad) {
                    throw bad;
                }
            }
            throw new BadParameter("body", "cannot be read (" + e.getMessage() + ")");
        }
    }

    /**
     * Reads and checks a request given as a JSON tree, bounds included (the API checks those by {@link OpsLimit}):
     * for callers without the HTTP layer.
     */
    static Silence parse(JsonNode body, OpsConfig ops, Instant now, String id, String by) {
        SilenceRequest request = read(body);
        OpsLimitValidator.check(request, ops).ifPresent(bad -> {
            throw bad;
        });
        return request.toSilence(now, id, by);
    }

    /** The silence asked for, as of {@code now}: its times checked against the clock. */
    Silence toSilence(Instant now, String id, String by) {
        if (matchers == null) {
            throw new BadParameter("matchers", "is required: an object with at least one of " + Match.NAMES);
        }
        Instant start = startsAt == null ? now : instant("startsAt", startsAt);
        if (start.isBefore(now)) {
            start = now;
        }
        if (endsAt == null) {
            throw new BadParameter("endsAt", "is required (an ISO-8601 instant with an offset)");
        }
        Instant end = instant("endsAt", endsAt);
        if (!end.isAfter(now)) {
            throw new BadParameter("endsAt", "must be in the future");
        }
        if (!end.isAfter(start)) {
            throw new BadParameter("endsAt", "must be after startsAt");
        }
        if (comment == null || comment.isBlank()) {
            throw new BadParameter("comment", "is required: say why (shown to everyone who sees the silenced alerts)");
        }
        return new Silence(id, new Matchers(matchers.rules(), matchers.countries(), matchers.personIds(),
                matchers.targetIds(), matchers.minSeverity()), start, end, comment.trim(), by, now, null);
    }

    private static void unknown(Map<String, Object> others, Set<String> known, String prefix) {
        if (others != null && !others.isEmpty()) {
            throw new BadParameter(prefix + others.keySet().iterator().next(), "is not a field of a silence; known: " + known);
        }
    }

    private static List<String> values(String name, List<String> given, UnaryOperator<String> check) {
        if (given == null) {
            return null;
        }
        if (given.isEmpty()) {
            throw new BadParameter("matchers." + name, "is empty: leave it out to match any value");
        }
        Set<String> values = new LinkedHashSet<>();
        given.forEach(v -> values.add(check.apply(v)));
        return new ArrayList<>(values);
    }

    private static String id(String field, String value) {
        if (value.isBlank() || value.length() > MAX_ID_CHARS) {
            throw new BadParameter(field, "ids must be 1 to " + MAX_ID_CHARS + " characters");
        }
        return value;
    }

    private static Instant instant(String field, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadParameter(field, "\"" + value + "\" is not an ISO-8601 instant with an offset (e.g. \"2025-12-13T18:00:00Z\")");
        }
    }
}

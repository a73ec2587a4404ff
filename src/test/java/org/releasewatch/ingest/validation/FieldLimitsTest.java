package org.releasewatch.ingest.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.releasewatch.json.Json;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.testing.Fast;
import org.releasewatch.testing.FieldLimits;
import org.releasewatch.testing.FieldLimits.Limit;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The v1.1 field limits: each field exactly at its limit is accepted, one over it is rejected naming the field. */
@Fast
class FieldLimitsTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final EventValidator validator = new EventValidator(1024 * 1024, Duration.ofHours(24), NOW);

    static List<Limit> limits() {
        return FieldLimits.ALL;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("limits")
    void aFieldAtItsLimitIsAccepted(Limit limit) {
        Validated<?> result = validate(limit, limit.max());
        assertThat(result).as("%s", result).isInstanceOf(Validated.Valid.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("limits")
    void aFieldOneOverItsLimitIsRejectedNamingTheField(Limit limit) {
        Validated<?> result = validate(limit, limit.max() + 1);
        assertThat(result).isInstanceOf(Validated.Invalid.class);
        String error = ((Validated.Invalid<?>) result).error();
        assertThat(error).startsWith(limit.path() + ": ");
        assertThat(error).isEqualTo(limit.path() + ": " + (limit.items()
                ? "must have at most " + limit.max() + " items but found " + (limit.max() + 1)
                : "must be " + (required(limit) ? "1–" : "at most ") + limit.max() + " characters, got " + (limit.max() + 1)));
    }

    private static boolean required(Limit limit) {
        return List.of("eventId", "person.id", "person.name", "target.id", "target.name", "name").contains(limit.path());
    }

    @Test
    void charactersAreCodePointsNotUtf16UnitsNorBytes() {
        String doves = "🕊".repeat(256); // 256 code points, 512 UTF-16 units, 1 024 bytes
        Validated<ReleaseEvent> ok = validator.release(edit(EventValidatorTest.RELEASE,
                n -> ((ObjectNode) n.get("person")).put("name", doves)));
        assertThat(ok).as(() -> ok instanceof Validated.Invalid<ReleaseEvent> i ? i.error() : "valid")
                .isInstanceOf(Validated.Valid.class);
        Validated<ReleaseEvent> over = validator.release(edit(EventValidatorTest.RELEASE,
                n -> ((ObjectNode) n.get("person")).put("name", doves + "🕊")));
        assertThat(((Validated.Invalid<ReleaseEvent>) over).error()).isEqualTo("person.name: must be 1–256 characters, got 257");
    }

    @Test
    void eventsWithEveryFieldAtItsLimitAreAccepted() {
        ReleaseEvent release = FieldLimits.fullRelease(Json.read(EventValidatorTest.RELEASE, ReleaseEvent.class), "full");
        assertThat(validator.release(Json.bytes(release))).isInstanceOf(Validated.Valid.class);
        SanctionEvent sanction = FieldLimits.fullSanction(Json.read(EventValidatorTest.SANCTION, SanctionEvent.class), "full");
        assertThat(validator.sanction(Json.bytes(sanction))).isInstanceOf(Validated.Valid.class);
    }

    private Validated<?> validate(Limit limit, int length) {
        return switch (limit.input()) {
            case RELEASE -> validator.release(Json.bytes(limit.apply(tree(EventValidatorTest.RELEASE), length, "r1")));
            case SANCTION -> validator.sanction(Json.bytes(limit.apply(tree(EventValidatorTest.SANCTION), length, "s1")));
            case WATCHLIST -> validator.watchlistEntry("viasna:1".getBytes(StandardCharsets.UTF_8),
                    Json.bytes(limit.apply(tree(EventValidatorTest.WATCHLIST), length, "w1")));
        };
    }

    private static ObjectNode tree(String json) {
        return (ObjectNode) Json.read(json, com.fasterxml.jackson.databind.JsonNode.class);
    }

    private static byte[] edit(String json, java.util.function.Consumer<ObjectNode> change) {
        ObjectNode node = tree(json);
        change.accept(node);
        return Json.bytes(node);
    }
}

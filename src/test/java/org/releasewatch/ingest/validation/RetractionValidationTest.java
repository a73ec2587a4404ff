package org.releasewatch.ingest.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.releasewatch.json.Json;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.testing.Fast;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Retractions (contract v1.2) are validated like any input, with reasons naming the field. */
@Fast
class RetractionValidationTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final EventValidator validator = new EventValidator(1024 * 1024, Duration.ofHours(24), NOW);

    private static byte[] edit(String json, Consumer<ObjectNode> change) {
        ObjectNode node = (ObjectNode) Json.read(json, JsonNode.class);
        change.accept(node);
        return Json.bytes(node);
    }

    private static String reason(Validated<?> v) {
        assertThat(v).isInstanceOf(Validated.Invalid.class);
        return ((Validated.Invalid<?>) v).error();
    }

    @Test
    void aRetractedReleaseWithItsNoteIsValidAndKeepsBoth() {
        var v = validator.release(edit(EventValidatorTest.RELEASE, n -> n.put("retracted", true)
                .put("retractionNote", "reported in error: still held")));
        ReleaseEvent e = ((Validated.Valid<ReleaseEvent>) v).value();
        assertThat(e.retracted()).isTrue();
        assertThat(e.retractionNote()).isEqualTo("reported in error: still held");
        assertThat(e.country()).isEqualTo("BY");
    }

    @Test
    void aRetractedSanctionWithoutANoteIsValid() {
        var v = validator.sanction(edit(EventValidatorTest.SANCTION, n -> n.put("retracted", true)));
        SanctionEvent e = ((Validated.Valid<SanctionEvent>) v).value();
        assertThat(e.retracted()).isTrue();
        assertThat(e.retractionNote()).isNull();
    }

    @Test
    void aReportIsNotRetractedWhetherTheFieldIsAbsentNullOrFalse() {
        for (var change : java.util.List.<Consumer<ObjectNode>>of(n -> { }, n -> n.putNull("retracted"), n -> n.put("retracted", false))) {
            var v = validator.release(edit(EventValidatorTest.RELEASE, change));
            assertThat(((Validated.Valid<ReleaseEvent>) v).value().retracted()).isFalse();
        }
    }

    @Test
    void retractedMustBeABoolean() {
        assertThat(reason(validator.release(edit(EventValidatorTest.RELEASE, n -> n.put("retracted", "yes")))))
                .isEqualTo("retracted: must be a boolean or null, got string");
        assertThat(reason(validator.sanction(edit(EventValidatorTest.SANCTION, n -> n.put("retracted", 1)))))
                .isEqualTo("retracted: must be a boolean or null, got number");
    }

    @Test
    void aNoteOver512CharactersOrOnAReportIsRefused() {
        assertThat(reason(validator.release(edit(EventValidatorTest.RELEASE, n -> n.put("retracted", true)
                .put("retractionNote", "x".repeat(513))))))
                .isEqualTo("retractionNote: must be at most 512 characters, got 513");
        assertThat(validator.release(edit(EventValidatorTest.RELEASE, n -> n.put("retracted", true)
                .put("retractionNote", "ы".repeat(512))))).isInstanceOf(Validated.Valid.class);
        assertThat(reason(validator.sanction(edit(EventValidatorTest.SANCTION, n -> n.put("retractionNote", "why")))))
                .isEqualTo("retractionNote: is only allowed with \"retracted\": true (this record is a report, not a retraction)");
    }
}

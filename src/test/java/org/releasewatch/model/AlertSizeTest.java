package org.releasewatch.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.releasewatch.json.Json;
import org.releasewatch.testing.Fast;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@Fast
class AlertSizeTest {

    private static final int CAP = AlertSize.MAX_BYTES;

    @Test
    void anAlertUnderTheCapIsLeftAsItIs() {
        Alert alert = alert(10, 10, Json.MAPPER.createObjectNode().put("count", 10));
        assertThat(AlertSize.fit(alert, CAP)).isSameAs(alert);
    }

    @Test
    void evidenceOfManyMaximumLengthEventsIsTrimmedUnderTheCapAndSaysHowMuchItLeftOut() {
        // 1 000 event ids of 128 characters and 100 sources of 256 + 2 048: about 370 KB
        Alert alert = alert(1000, 100, Json.MAPPER.createObjectNode().put("count", 1000));
        assertThat(AlertSize.size(alert)).isGreaterThan(CAP);

        Alert fitted = AlertSize.fit(alert, CAP);

        assertThat(AlertSize.size(fitted)).isLessThanOrEqualTo(CAP);
        Evidence e = fitted.evidence();
        assertThat(e.sources().size() + e.sourcesOmitted()).isEqualTo(100);
        assertThat(e.sources()).as("the first ones kept, in order").isEqualTo(alert.evidence().sources().subList(0, e.sources().size()));
        assertThat(e.eventIds().size() + (e.eventIdsOmitted() == null ? 0 : e.eventIdsOmitted())).isEqualTo(1000);
        assertThat(fitted.id()).isEqualTo(alert.id());
        assertThat(fitted.details()).isEqualTo(alert.details());
    }

    @Test
    void omittedCountsAddToThoseTheRuleAlreadyReported() {
        Alert base = alert(1000, 100, Json.MAPPER.createObjectNode());
        Alert alert = new Alert(base.schema(), base.id(), base.rule(), base.severity(), base.country(), base.title(),
                base.occurredAt(), base.emittedAt(),
                new Evidence(base.evidence().eventIds(), base.evidence().sources(), 500, 7), base.details());

        Alert fitted = AlertSize.fit(alert, 64 * 1024);

        assertThat(AlertSize.size(fitted)).isLessThanOrEqualTo(64 * 1024);
        assertThat(fitted.evidence().sources().size() + fitted.evidence().sourcesOmitted()).isEqualTo(107);
        assertThat(fitted.evidence().eventIds().size() + fitted.evidence().eventIdsOmitted()).isEqualTo(1500);
    }

    @Test
    void overLongDetailStringsAreShortenedAndNamed() {
        ObjectNode details = Json.MAPPER.createObjectNode();
        details.putObject("person").put("id", "p1").put("name", "n".repeat(300_000));
        details.putArray("charges").add("c".repeat(1000)).add("short");
        Alert alert = alert(1, 1, details);

        Alert fitted = AlertSize.fit(alert, CAP);

        assertThat(AlertSize.size(fitted)).isLessThanOrEqualTo(CAP);
        assertThat(fitted.details().path("person").path("name").asText()).hasSize(AlertSize.MAX_TEXT + 1).endsWith("…");
        assertThat(fitted.details().path("charges").get(1).asText()).isEqualTo("short");
        assertThat(Json.MAPPER.convertValue(fitted.details().path("truncated"), List.class))
                .containsExactlyInAnyOrder("person.name", "charges");
        assertThat(fitted.evidence()).as("evidence kept: it was not what made it large").isEqualTo(alert.evidence());
    }

    @Test
    void detailsThatCannotBeShortenedEnoughAreReplacedByANoteNeverDropped() {
        ObjectNode details = Json.MAPPER.createObjectNode();
        IntStream.range(0, 20_000).forEach(i -> details.put("key-" + i, i));
        Alert alert = alert(5, 5, details);

        Alert fitted = AlertSize.fit(alert, CAP);

        assertThat(AlertSize.size(fitted)).isLessThanOrEqualTo(CAP);
        assertThat(fitted.details().path("truncated").get(0).asText()).isEqualTo("details");
        assertThat(fitted.id()).isEqualTo(alert.id());
        assertThat(fitted.evidence().eventIds()).hasSize(5);
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String s = "😀".repeat(10);
        assertThat(AlertSize.cut(s, 3)).isEqualTo("😀😀😀…");
    }

    static Alert alert(int eventIds, int sources, JsonNode details) {
        List<String> ids = IntStream.range(0, eventIds).mapToObj(i -> String.format("%0128d", i)).toList();
        List<Source> src = IntStream.range(0, sources).mapToObj(i -> new Source(
                String.format("%0256d", i), "https://example.org/" + String.format("%02028d", i))).toList();
        return new Alert(Alert.SCHEMA, "a1", AlertRule.MASS_RELEASE, Severity.CRITICAL, "BY", "Mass release",
                Instant.parse("2025-12-13T10:00:00Z"), Instant.parse("2025-12-13T10:00:01Z"),
                new Evidence(ids, src), details);
    }
}

package org.releasewatch.model.details;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.SanctionTarget;
import org.releasewatch.model.Severity;
import org.releasewatch.testing.Fast;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Fast
class AlertDetailsTest {

    private static Alert alert(AlertRule rule, String details) {
        JsonNode tree = details == null ? null : Json.read(details, JsonNode.class);
        return new Alert(Alert.SCHEMA, "a-1", rule, Severity.WARNING, "BY", "t", Instant.parse("2025-12-13T08:00:00Z"), null, null, tree);
    }

    @Test
    void detailsReadBackIntoTheirRecordAndWriteTheSameJson() {
        String json = "{\"threshold\":10,\"count\":12,\"windowStart\":\"2025-12-13T00:00:00Z\","
                + "\"windowEnd\":\"2025-12-14T00:00:00Z\",\"byDestination\":{\"LT\":2,\"UA\":10}}";
        MassReleaseDetails d = AlertDetails.of(alert(AlertRule.MASS_RELEASE, json), MassReleaseDetails.class);
        assertThat(d.count()).isEqualTo(12);
        assertThat(d.windowStart()).isEqualTo(Instant.parse("2025-12-13T00:00:00Z"));
        assertThat(Json.string(d.json())).isEqualTo(json);

        String linked = "{\"sanction\":{\"eventId\":\"ofac-1\",\"issuer\":\"US\",\"action\":\"LIFTED\",\"target\":{\"id\":"
                + "\"ofac:x\",\"name\":\"X\",\"kind\":null},\"sector\":null},\"releaseCount\":1,\"agreement\":null,"
                + "\"confidence\":\"medium\"}";
        LinkedReliefDetails l = AlertDetails.of(alert(AlertRule.LINKED_RELIEF, linked), LinkedReliefDetails.class);
        assertThat(l.sanction().target()).isEqualTo(new SanctionTarget("ofac:x", "X", null));
        assertThat(Json.string(l.json())).isEqualTo(linked);
    }

    @Test
    void fieldsAnOlderOrTruncatedAlertLacksAreNullAndUnknownOnesIgnored() {
        WatchlistReleaseDetails d = AlertDetails.of(alert(AlertRule.WATCHLIST_RELEASE,
                "{\"priority\":\"high\",\"truncated\":[\"charges\"]}"), WatchlistReleaseDetails.class);
        assertThat(d.priority()).isEqualTo("high");
        assertThat(d.person()).isNull();
        assertThat(d.charges()).isNull();
    }

    @Test
    void detailsNotOfTheRulesShapeReadAsNullsRatherThanFail() {
        SanctionsChangeDetails wrongShape = AlertDetails.of(alert(AlertRule.SANCTIONS_CHANGE, "{\"target\":\"not an object\"}"),
                SanctionsChangeDetails.class);
        assertThat(wrongShape).isEqualTo(new SanctionsChangeDetails(null, null, null, null, null, null));
        assertThat(AlertDetails.of(alert(AlertRule.SANCTIONS_CHANGE, null), SanctionsChangeDetails.class))
                .isEqualTo(new SanctionsChangeDetails(null, null, null, null, null, null));
    }

    @Test
    void askingForAnotherRulesRecordIsAnErrorNamingBoth() {
        assertThatThrownBy(() -> AlertDetails.of(alert(AlertRule.MASS_RELEASE, "{}"), LinkedReliefDetails.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the details of a MASS_RELEASE alert are a MassReleaseDetails, not a LinkedReliefDetails");
    }

    @Test
    void everyRuleHasItsRecord() {
        assertThat(AlertRule.values()).extracting(AlertDetails::type).doesNotHaveDuplicates().doesNotContainNull();
    }
}

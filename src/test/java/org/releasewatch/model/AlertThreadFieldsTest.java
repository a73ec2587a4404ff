package org.releasewatch.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.releasewatch.ingest.validation.ContractSchema;
import org.releasewatch.json.Json;
import org.releasewatch.rules.AlertIds;
import org.releasewatch.rules.MessageIds;
import org.releasewatch.testing.Fast;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Contract v1.2 thread fields: absent on first messages (v1.1 bytes), present and checked on updates and cancels. */
@Fast
class AlertThreadFieldsTest {

    private static final ContractSchema SCHEMA = ContractSchema.load("alert.schema.json");
    private static final String FIRST = AlertIds.of(AlertRule.LINKED_RELIEF, "US", "ofac:belaruskali", "LIFTED", "2025-12-13");

    static Alert linkedRelief(int releaseCount) {
        ObjectNode details = (ObjectNode) Json.read("""
                {"sanction":{"eventId":"ofac-1","issuer":"US","action":"LIFTED",
                 "target":{"id":"ofac:belaruskali","name":"Belaruskali","kind":"company"},"sector":"potash"},
                 "releaseCount":%d,"agreement":null,"confidence":"medium"}""".formatted(releaseCount), JsonNode.class);
        return new Alert(Alert.SCHEMA, FIRST, AlertRule.LINKED_RELIEF, Severity.CRITICAL, "BY",
                "US lifted sanctions on Belaruskali, linked to " + releaseCount + " releases", Instant.parse("2025-12-13T07:00:00Z"),
                Instant.parse("2025-12-13T07:00:01Z"), new Evidence(List.of("ofac-1"), List.of()), details);
    }

    @Test
    void aFirstMessageIsWrittenWithoutTheThreadFieldsAndValidates() {
        Alert first = linkedRelief(1);
        JsonNode json = Json.read(Json.bytes(first), JsonNode.class);
        assertThat(json.has("msgType") || json.has("thread") || json.has("references") || json.has("change")).isFalse();
        assertThat(SCHEMA.validate(json)).isEmpty();
        assertThat(first.type()).isEqualTo(MsgType.ALERT);
        assertThat(first.threadId()).isEqualTo(FIRST);
        assertThat(first.first()).isTrue();
    }

    @Test
    void anUpdateCarriesItsThreadAndReadsBackEqual() {
        String id = MessageIds.of(FIRST, "threshold:10");
        Alert update = linkedRelief(10).inThread(MsgType.UPDATE, id, FIRST, List.of(FIRST), "10 releases, was 1");
        byte[] bytes = Json.bytes(update);
        JsonNode json = Json.read(bytes, JsonNode.class);
        assertThat(SCHEMA.validate(json)).isEmpty();
        assertThat(json.get("msgType").asText()).isEqualTo("update");
        assertThat(json.get("thread").asText()).isEqualTo(FIRST);
        assertThat(json.get("references")).hasSize(1);
        assertThat(Json.read(bytes, Alert.class)).isEqualTo(update);
        assertThat(update.threadId()).isEqualTo(FIRST);
        assertThat(update.first()).isFalse();
    }

    @Test
    void aCancelMayCarryACountOfZeroButAnUpdateMayNot() {
        Alert cancel = linkedRelief(0).inThread(MsgType.CANCEL, MessageIds.of(FIRST, "retracted:r-1"), FIRST,
                List.of(FIRST), "report withdrawn by its source");
        assertThat(SCHEMA.validate(Json.read(Json.bytes(cancel), JsonNode.class))).isEmpty();
        Alert update = linkedRelief(0).inThread(MsgType.UPDATE, MessageIds.of(FIRST, "x"), FIRST, List.of(FIRST), "0");
        assertThat(SCHEMA.validate(Json.read(Json.bytes(update), JsonNode.class))).extracting(SCHEMA::describe)
                .containsExactly("details.releaseCount: must have a minimum value of 1");
        assertThat(SCHEMA.validate(Json.read(Json.bytes(linkedRelief(0)), JsonNode.class))).extracting(SCHEMA::describe)
                .containsExactly("details.releaseCount: must have a minimum value of 1");
    }

    @Test
    void anUpdateWithoutItsThreadFieldsOrAnAlertWithReferencesIsRefused() {
        ObjectNode update = (ObjectNode) Json.read(Json.bytes(linkedRelief(10)), JsonNode.class);
        update.put("msgType", "update");
        assertThat(SCHEMA.validate(update)).extracting(SCHEMA::describe)
                .contains("thread: is required", "references: is required", "change: is required");
        update.put("thread", FIRST).put("change", "10 releases, was 1").putArray("references");
        assertThat(SCHEMA.validate(update)).extracting(SCHEMA::describe)
                .containsExactly("references: must have at least 1 items but found 0");
        ObjectNode alert = (ObjectNode) Json.read(Json.bytes(linkedRelief(1)), JsonNode.class);
        alert.putArray("references").add(FIRST);
        assertThat(SCHEMA.validate(alert)).extracting(SCHEMA::describe)
                .containsExactly("references: must have at most 0 items but found 1");
        alert.remove("references");
        alert.put("msgType", "amend");
        assertThat(SCHEMA.validate(alert)).extracting(SCHEMA::describe)
                .containsExactly("msgType: \"amend\" is not one of alert, update, cancel");
    }

    @Test
    void trimmingAnOversizedUpdateKeepsItsThreadFields() {
        List<String> many = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "event-" + "x".repeat(100) + i).toList();
        Alert big = linkedRelief(10).withEvidence(new Evidence(many, List.of()))
                .inThread(MsgType.UPDATE, MessageIds.of(FIRST, "threshold:10"), FIRST, List.of(FIRST), "10 releases, was 1");
        Alert fitted = AlertSize.fit(big, 32 * 1024);
        assertThat(fitted.evidence().eventIdsOmitted()).isPositive();
        assertThat(List.of(fitted.type(), fitted.id(), fitted.thread(), fitted.references(), fitted.change()))
                .isEqualTo(List.of(MsgType.UPDATE, big.id(), FIRST, List.of(FIRST), "10 releases, was 1"));
    }

    @Test
    void messageIdsDependOnThreadAndStepOnlyAndNeverEqualAFirstMessagesId() {
        String a = MessageIds.of(FIRST, "threshold:10");
        assertThat(MessageIds.of(FIRST, "threshold:10")).isEqualTo(a);
        assertThat(MessageIds.of(FIRST, "threshold:100")).isNotEqualTo(a);
        assertThat(MessageIds.of(AlertIds.of(AlertRule.MASS_RELEASE, "BY", "2025-12-13T00:00:00Z", "10"), "threshold:10"))
                .isNotEqualTo(a);
        assertThat(a).isNotEqualTo(FIRST).matches("[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThatThrownBy(() -> MessageIds.of(FIRST, " ")).hasMessageContaining("step");
        assertThatThrownBy(() -> MessageIds.of(null, "x")).hasMessageContaining("thread");
    }
}

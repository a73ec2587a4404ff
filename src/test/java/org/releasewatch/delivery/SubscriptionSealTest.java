package org.releasewatch.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.releasewatch.json.Json;
import org.releasewatch.testing.Fast;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole subscription record is authenticated: any change to any field, or to the set of fields, fails. */
@Fast
class SubscriptionSealTest {

    private static final SecretBox BOX = new SecretBox("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]));
    private static final SubscriptionSeal SEAL = new SubscriptionSeal(BOX);
    private static final SubscriptionRecord FULL = full();

    /** A record with every field set, so every field is in the sealed value. */
    private static SubscriptionRecord full() {
        String id = "sub_0123456789abcdef";
        Instant t = Instant.parse("2026-12-07T14:00:00.123456Z");
        return new SubscriptionRecord(id, SubscriptionRecord.ORIGIN_API, BOX.encrypt("https://hooks.example.org/rw", id),
                BOX.encrypt(SecretBox.newSecret(), id), BOX.encrypt(SecretBox.newSecret(), id), t.plusSeconds(60),
                List.of("WATCHLIST_RELEASE"), List.of("BY", "UA"), "high", "email", "-1001", List.of("a@example.org"),
                List.of("notes"), "30s", "partner X", SubscriptionRecord.ACTIVE, "because", t, "alice", t, "bob", t,
                Map.of("0", 5L, "1", 7L), BOX.encrypt("R0UT1NGKEY0123456789abcdefABCDEF", id), "first", "be");
    }

    @Test
    void aRecordSealedBeforeLocaleExistedOpensWithoutOneAndALocaleAddedToItFails() {
        SubscriptionRecord old = new SubscriptionRecord(FULL.id(), FULL.origin(), FULL.url(), FULL.secret(), null, null,
                FULL.rules(), FULL.countries(), FULL.minSeverity(), "slack", null, null, null, null, null,
                SubscriptionRecord.ACTIVE, null, null, "alice", FULL.createdAt(), null, null, null, null, null);
        byte[] sealed = SEAL.seal(old);
        assertThat(new String(sealed, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("locale");
        assertThat(SEAL.open(sealed).rejected()).isNull();
        assertThat(SEAL.open(sealed).record().locale()).isNull();
        ObjectNode value = (ObjectNode) Json.read(sealed, JsonNode.class);
        value.put("locale", "be");
        assertThat(SEAL.open(Json.bytes(value)).rejected()).startsWith("record authentication failed");
    }

    private static JsonNode changed(JsonNode value) {
        if (value.isTextual() && value.textValue().matches("\\d{4}-.*Z")) { // an instant stays one
            return Json.MAPPER.getNodeFactory().textNode(Instant.parse(value.textValue()).plusSeconds(1).toString());
        }
        if (value.isTextual()) {
            return Json.MAPPER.getNodeFactory().textNode(value.textValue() + "x");
        }
        if (value.isNumber()) {
            return Json.MAPPER.getNodeFactory().numberNode(value.longValue() + 1);
        }
        if (value.isArray()) {
            var out = value.deepCopy();
            ((com.fasterxml.jackson.databind.node.ArrayNode) out).add("x");
            return out;
        }
        ObjectNode out = ((ObjectNode) value).deepCopy();
        out.put("9", 1);
        return out;
    }

    @Test
    void everyFieldOfASealedRecordChangedOneAtATimeFailsToOpen() {
        byte[] sealed = SEAL.seal(FULL);
        ObjectNode value = (ObjectNode) Json.read(sealed, JsonNode.class);
        assertThat(SEAL.open(sealed).rejected()).isNull();
        assertThat(SEAL.open(sealed).record()).isEqualTo(FULL);
        List<String> names = new ArrayList<>();
        value.fieldNames().forEachRemaining(names::add);
        assertThat(names).hasSize(SubscriptionRecord.class.getRecordComponents().length + 2).contains("v", "tag");
        for (String name : names) {
            ObjectNode tampered = value.deepCopy();
            tampered.set(name, changed(value.get(name)));
            SubscriptionSeal.Opened opened = SEAL.open(Json.bytes(tampered));
            assertThat(opened.rejected()).as("changed " + name).isNotNull();
            assertThat(opened.unsealed()).isFalse();
            ObjectNode removed = value.deepCopy();
            removed.remove(name);
            if (!"v".equals(name) && !"tag".equals(name)) {
                assertThat(SEAL.open(Json.bytes(removed)).rejected()).as("removed " + name).isNotNull();
            }
        }
        ObjectNode added = value.deepCopy();
        added.put("extra", "x");
        assertThat(SEAL.open(Json.bytes(added)).rejected()).as("an added field").isNotNull();
        ObjectNode stripped = value.deepCopy();
        stripped.remove("tag");
        assertThat(SEAL.open(Json.bytes(stripped)).rejected()).contains("no tag");
        assertThat(new SubscriptionSeal(new SecretBox(SecretBox.newSecret())).open(sealed).rejected())
                .as("another key").isNotNull();
    }

    @Test
    void theCanonicalFormIsCompactJsonWithSortedKeysAndTheKeyOrderOfTheValueDoesNotMatter() {
        ObjectNode value = (ObjectNode) Json.read(SEAL.seal(FULL), JsonNode.class);
        ObjectNode reordered = Json.MAPPER.createObjectNode();
        List<String> names = new ArrayList<>();
        value.fieldNames().forEachRemaining(names::add);
        for (int i = names.size() - 1; i >= 0; i--) {
            reordered.set(names.get(i), value.get(names.get(i)));
        }
        assertThat(SEAL.open(Json.bytes(reordered)).rejected()).isNull();
        assertThat(new String(SubscriptionSeal.canonical(Json.read("{\"b\":[{\"d\":1,\"c\":2}],\"a\":\"x\"}",
                JsonNode.class)), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{\"a\":\"x\",\"b\":[{\"c\":2,\"d\":1}]}");
    }

    @Test
    void anOldFormRecordOpensAsUnsealedAndSealedAgainIsTheNewFormWithTheSameFields() {
        byte[] old = Json.bytes(FULL); // v1.1: the record's JSON, only the URL and secrets sealed
        SubscriptionSeal.Opened opened = SEAL.open(old);
        assertThat(opened.unsealed()).isTrue();
        assertThat(opened.rejected()).isNull();
        assertThat(opened.record()).isEqualTo(FULL);
        byte[] resealed = SEAL.seal(opened.record());
        assertThat(Json.read(resealed, JsonNode.class).get("v").asInt()).isEqualTo(SubscriptionSeal.VERSION);
        SubscriptionSeal.Opened again = SEAL.open(resealed);
        assertThat(again.unsealed()).isFalse();
        assertThat(again.rejected()).isNull();
        assertThat(again.record()).isEqualTo(opened.record());
        assertThat(BOX.decrypt(again.record().url(), again.record().id())).isEqualTo("https://hooks.example.org/rw");
    }
}

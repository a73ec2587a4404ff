package org.releasewatch.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.releasewatch.json.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole of a subscription record authenticated, on the subscriptions topic. A value is the record's JSON plus
 * {@code "v": 2} and {@code "tag"}: AES-GCM (the {@link SecretBox} key) over the canonical form — the value without
 * {@code tag}, as compact JSON (no spaces) with the keys of every object sorted (they are ASCII), in UTF-8. So every byte
 * of every field (where it sends, to whom, in which format, which alerts, its state) is covered, and a change to any
 * of them, an added field or a removed one fails {@link #open}. A value with neither {@code v} nor {@code tag} is the
 * v1.1 form (only the URL and secrets sealed): {@link Opened#unsealed()} says so, and the store decides whether to
 * accept it.
 */
final class SubscriptionSeal {

    static final int VERSION = 2;
    private static final String PURPOSE = "releasewatch.subscription.v2";

    /** A record as read: {@code rejected} (why it fails authentication) or {@code unsealed} (the v1.1 form). */
    record Opened(SubscriptionRecord record, boolean unsealed, String rejected) {
    }

    private final SecretBox box;

    SubscriptionSeal(SecretBox box) {
        this.box = box;
    }

    byte[] seal(SubscriptionRecord record) {
        ObjectNode value = Json.MAPPER.valueToTree(record);
        value.remove("v");
        value.remove("tag");
        value.put("v", VERSION);
        value.put("tag", box.tag(PURPOSE, canonical(value)));
        return Json.bytes(value);
    }

    /** @throws IllegalArgumentException when the value is not a subscription record at all */
    Opened open(byte[] value) {
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (!(tree instanceof ObjectNode node)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        SubscriptionRecord record = Json.MAPPER.convertValue(without(node, "v", "tag"), SubscriptionRecord.class);
        JsonNode v = node.get("v");
        JsonNode tag = node.get("tag");
        if (v == null && tag == null) {
            return new Opened(record, true, null);
        }
        if (v == null || !v.isInt() || v.intValue() != VERSION) {
            return new Opened(record, false, "record format version " + (v == null ? "missing" : v.toString())
                    + " is not " + VERSION);
        }
        if (tag == null || !tag.isTextual()) {
            return new Opened(record, false, "record authentication failed (no tag)");
        }
        if (!box.verify(tag.textValue(), PURPOSE, canonical(without(node, "tag")))) {
            return new Opened(record, false, "record authentication failed (a field was changed, or it was sealed "
                    + "with another " + SecretBox.KEY_PROPERTY + ")");
        }
        return new Opened(record, false, null);
    }

    /** The canonical form: compact JSON, the keys of every object sorted, UTF-8. */
    static byte[] canonical(JsonNode value) {
        return Json.bytes(sorted(value));
    }

    private static JsonNode sorted(JsonNode value) {
        if (value.isObject()) {
            ObjectNode out = Json.MAPPER.createObjectNode();
            List<String> names = new ArrayList<>();
            value.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            for (String name : names) {
                out.set(name, sorted(value.get(name)));
            }
            return out;
        }
        if (value.isArray()) {
            var out = Json.MAPPER.createArrayNode();
            value.forEach(item -> out.add(sorted(item)));
            return out;
        }
        return value;
    }

    private static ObjectNode without(ObjectNode node, String... names) {
        ObjectNode copy = node.deepCopy();
        for (String name : names) {
            copy.remove(name);
        }
        return copy;
    }
}

package org.releasewatch.resilience;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.releasewatch.json.Json;
import org.releasewatch.model.SanctionAction;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.model.SanctionTarget;
import org.releasewatch.testing.Burst;
import org.releasewatch.testing.FieldLimits;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Generated input values that the contract rejects, each of a {@link Kind}, made from a valid release or
 * sanctions change (so they look like the real thing) and reproducible from the seed.
 */
final class BadRecords {

    /** What is wrong with a value. */
    enum Kind {
        /** a valid event cut short at a random byte */
        TRUNCATED_JSON,
        /** a field of the wrong type or value, or a required field missing */
        WRONG_TYPE,
        /** a string far over its field's length limit or pattern, up to about the 1 MiB record limit */
        HUGE_STRING,
        /** a valid event with a byte sequence inside a string that is not UTF-8 (stray, truncated, overlong, surrogate, beyond U+10FFFF) */
        INVALID_UTF8,
        /** random bytes */
        BINARY,
        /** no value, an empty one, JSON null, an empty object, required fields null */
        NULL_OR_EMPTY,
        /** nesting deeper than a parser allows, or deep nesting in place of a required field */
        DEEP_NESTING,
        /** a valid event followed by more: garbage, a second object */
        TRAILING_DATA,
        /** over the 1 MiB record limit (ingest max-bytes), up to what the input topic still takes (2 MiB) */
        OVER_RECORD_LIMIT,
        /** well-formed, but one limited field (contract v1.1) just over its limit: 1 to 10 characters or items */
        FIELD_OVER_LIMIT
    }

    /** The field a FIELD_OVER_LIMIT value of the last {@link #value} call put over its limit, as the reason names it. */
    String lastField;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final byte[][] NOT_UTF8 = {
            {(byte) 0x80}, {(byte) 0xBF}, {(byte) 0xFE}, {(byte) 0xFF}, {(byte) 0xC3}, {(byte) 0xE2, (byte) 0x82},
            {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xC1, (byte) 0xBF}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xED, (byte) 0xBF, (byte) 0xBF},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
    private static final List<Consumer<ObjectNode>> RELEASE_MUTATIONS = List.of(
            n -> n.put("eventId", 42), n -> n.put("eventId", ""), n -> n.putArray("eventId").add("e"), n -> n.putNull("eventId"),
            n -> n.remove("eventId"), n -> n.put("occurredAt", 1765620000000L), n -> n.put("occurredAt", "yesterday"),
            n -> n.put("occurredAt", "2025-13-45T99:00:00Z"), n -> n.put("occurredAt", "2025-12-13"),
            n -> n.put("occurredAt", "2099-01-01T00:00:00Z"), n -> n.remove("occurredAt"), n -> n.put("country", "Belarus"),
            n -> n.put("country", 12), n -> n.put("country", "B1"), n -> n.remove("country"), n -> n.put("person", "viasna:1"),
            n -> n.putArray("person"), n -> n.putObject("person"), n -> n.remove("person"),
            n -> ((ObjectNode) n.get("person")).put("id", 5), n -> ((ObjectNode) n.get("person")).put("name", ""),
            n -> ((ObjectNode) n.get("person")).remove("name"), n -> ((ObjectNode) n.get("person")).put("tags", "tag"),
            n -> ((ObjectNode) n.get("person")).putArray("tags").add(1), n -> n.put("charges", "theft"),
            n -> n.putArray("charges").addNull(), n -> n.put("transferredTo", "Lithuania"), n -> n.put("transferredTo", 5),
            n -> n.put("source", "viasna"), n -> n.putObject("source").put("name", 5), n -> n.put("agreement", 7));
    private static final List<Consumer<ObjectNode>> SANCTION_MUTATIONS = List.of(
            n -> n.put("eventId", 42), n -> n.remove("eventId"), n -> n.put("occurredAt", "13/12/2025"), n -> n.remove("occurredAt"),
            n -> n.put("issuer", "us"), n -> n.put("issuer", "USAX"), n -> n.put("issuer", 1), n -> n.remove("issuer"),
            n -> n.put("targetCountry", "Belarus"), n -> n.remove("targetCountry"), n -> n.put("action", "FREED"),
            n -> n.put("action", "lifted"), n -> n.put("action", 3), n -> n.remove("action"), n -> n.put("target", "ofac:x"),
            n -> n.remove("target"), n -> ((ObjectNode) n.get("target")).remove("name"), n -> ((ObjectNode) n.get("target")).put("id", ""),
            n -> ((ObjectNode) n.get("target")).put("kind", "bank"), n -> n.put("sector", 9), n -> n.putArray("program"),
            n -> n.put("source", 1));

    private final Random random;

    BadRecords(long seed) {
        this.random = new Random(seed);
    }

    /** A bad value of {@code kind}, made from release {@code n} or, if {@code sanction}, a sanctions change. */
    byte[] value(Kind kind, int n, boolean sanction) {
        lastField = null;
        return switch (kind) {
            case TRUNCATED_JSON -> {
                byte[] valid = Json.bytes(valid(n, sanction));
                yield Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 1));
            }
            case WRONG_TYPE -> {
                ObjectNode node = valid(n, sanction);
                pick(sanction ? SANCTION_MUTATIONS : RELEASE_MUTATIONS).accept(node);
                yield Json.bytes(node);
            }
            case HUGE_STRING -> hugeString(n, sanction);
            case INVALID_UTF8 -> invalidUtf8(n, sanction);
            case BINARY -> {
                byte[] bytes = new byte[1 + random.nextInt(8192)];
                random.nextBytes(bytes);
                bytes[0] = (byte) (0x80 | bytes[0]); // never how a JSON text starts
                yield bytes;
            }
            case NULL_OR_EMPTY -> nullOrEmpty(n, sanction);
            case DEEP_NESTING -> deepNesting(n, sanction);
            case TRAILING_DATA -> {
                String valid = Json.string(valid(n, sanction));
                yield (valid + pick(List.of("garbage", "}", " x", ",{}", "\u0000", "\n" + valid, valid))).getBytes(StandardCharsets.UTF_8);
            }
            case OVER_RECORD_LIMIT -> overRecordLimit(n, sanction);
            case FIELD_OVER_LIMIT -> fieldOverLimit(n, sanction);
        };
    }

    private ObjectNode valid(int n, boolean sanction) {
        Object event = sanction
                ? new SanctionEvent("bad-sanction-" + n, Instant.parse("2025-12-13T12:00:00Z"), "US", "BY", SanctionAction.LIFTED,
                new SanctionTarget("ofac:bad-" + n, "Target " + n, "company"), "potash", "TEST", null, null)
                : Burst.release("bad", n);
        return (ObjectNode) Json.tree(event);
    }

    private byte[] hugeString(int n, boolean sanction) {
        ObjectNode node = valid(n, sanction);
        // up to about 2 MB ("ж" is two bytes): the input topics take records of up to 2 MiB (RecordSizes)
        int length = random.nextInt(10) == 0 ? 850_000 + random.nextInt(150_000) : 300 + random.nextInt(64 * 1024);
        String huge = (random.nextBoolean() ? "x" : "ж").repeat(length);
        List<Consumer<ObjectNode>> fields = sanction
                ? List.of(o -> o.put("eventId", huge), o -> o.put("issuer", huge), o -> o.put("targetCountry", huge),
                o -> ((ObjectNode) o.get("target")).put("id", huge))
                : List.of(o -> o.put("eventId", huge), o -> o.put("country", huge), o -> ((ObjectNode) o.get("person")).put("id", huge),
                o -> ((ObjectNode) o.get("person")).put("name", huge), o -> o.put("transferredTo", huge));
        pick(fields).accept(node);
        return Json.bytes(node);
    }

    private byte[] invalidUtf8(int n, boolean sanction) {
        ObjectNode node = valid(n, sanction);
        String marker = "@@not-utf8@@";
        if (sanction) {
            ((ObjectNode) node.get("target")).put("name", "Target " + marker);
        } else {
            ((ObjectNode) node.get("person")).put("name", "Prisoner " + marker);
        }
        String[] parts = Json.string(node).split(marker);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(parts[0].getBytes(StandardCharsets.UTF_8));
        out.writeBytes(pick(Arrays.asList(NOT_UTF8)));
        out.writeBytes(("x" + parts[1]).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private byte[] nullOrEmpty(int n, boolean sanction) {
        ObjectNode allNull = NODES.objectNode();
        valid(n, sanction).fieldNames().forEachRemaining(allNull::putNull);
        ObjectNode requiredNull = valid(n, sanction);
        requiredNull.putNull(sanction ? "target" : "person");
        List<String> values = Arrays.asList(null, "", "null", "{}", "   ", "\"\"", "[]", "0", "true", allNull.toString(),
                requiredNull.toString());
        String value = pick(values);
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] deepNesting(int n, boolean sanction) {
        int depth = 1001 + random.nextInt(100_000);
        return switch (random.nextInt(3)) {
            case 0 -> ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8);
            case 1 -> ("{\"a\":".repeat(depth) + "1" + "}".repeat(depth)).getBytes(StandardCharsets.UTF_8);
            default -> { // within the parser's limit, but where an object with an id and a name belongs
                ObjectNode node = valid(n, sanction);
                int shallow = 100 + random.nextInt(800);
                String json = Json.string(node);
                String field = sanction ? "\"target\":" : "\"person\":";
                int at = json.indexOf(field) + field.length();
                int end = json.indexOf('}', at) + 1;
                yield (json.substring(0, at) + "[".repeat(shallow) + "]".repeat(shallow) + json.substring(end))
                        .getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    private byte[] overRecordLimit(int n, boolean sanction) {
        int size = 1024 * 1024 + 1 + random.nextInt(900 * 1024);
        return switch (random.nextInt(3)) {
            case 0 -> { // a valid event but for its size
                ObjectNode node = valid(n, sanction);
                int base = Json.bytes(node).length + "\"padding\":\"\",".length();
                node.put("padding", "p".repeat(Math.max(0, size - base)));
                yield Json.bytes(node);
            }
            case 1 -> {
                byte[] spaces = new byte[size];
                Arrays.fill(spaces, (byte) ' ');
                spaces[0] = '{';
                spaces[size - 1] = '}';
                yield spaces;
            }
            default -> {
                byte[] bytes = new byte[size];
                random.nextBytes(bytes);
                yield bytes;
            }
        };
    }

    private byte[] fieldOverLimit(int n, boolean sanction) {
        List<FieldLimits.Limit> limits = FieldLimits.of(sanction ? FieldLimits.Input.SANCTION : FieldLimits.Input.RELEASE);
        FieldLimits.Limit limit = pick(limits);
        lastField = limit.path();
        return Json.bytes(limit.apply(valid(n, sanction), limit.max() + 1 + random.nextInt(10), "over-" + n + "-"));
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}

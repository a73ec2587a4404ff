package org.releasewatch.ingest.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.releasewatch.json.Json;
import org.releasewatch.model.Priority;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.SanctionAction;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.model.WatchlistEntry;
import org.releasewatch.testing.Fast;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every field rule of the contract, with the exact error text a partner gets in the DLQ header. */
@Fast
class EventValidatorTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final EventValidator validator = new EventValidator(1024 * 1024, Duration.ofHours(24), NOW);

    static final String RELEASE = """
            {"eventId":"viasna-2025-12-13-1","occurredAt":"2025-12-13T01:30:00+03:00","country":"by","transferredTo":"lt",
             "person":{"id":"viasna:1","name":"Ales Bialiatski","tags":["nobel-laureate"]},
             "charges":["tax evasion"],"agreement":"us-by-2025-12-13",
             "source":{"name":"Viasna","url":"https://spring96.org"},"somethingNew":{"ignored":true}}""";
    static final String SANCTION = """
            {"eventId":"ofac-1","occurredAt":"2025-12-13T15:00:00Z","issuer":"US","targetCountry":"by","action":"LIFTED",
             "target":{"id":"ofac:belaruskali","name":"Belaruskali","kind":"company"},"sector":"potash",
             "program":"BELARUS-EO14038","agreement":"us-by-2025-12-13"}""";
    static final String WATCHLIST = """
            {"personId":"viasna:1","name":"Ales Bialiatski","priority":"high","note":"Nobel Peace Prize 2022"}""";

    private static byte[] edit(String json, UnaryOperator<ObjectNode> change) {
        return Json.bytes(change.apply((ObjectNode) Json.read(json, com.fasterxml.jackson.databind.JsonNode.class)));
    }

    private static ObjectNode person(ObjectNode event) {
        return (ObjectNode) event.get("person");
    }

    @Test
    void aValidReleaseIsNormalisedToUpperCaseCountriesAndUtc() {
        Validated<ReleaseEvent> result = validator.release(RELEASE.getBytes(StandardCharsets.UTF_8));

        assertThat(result).isInstanceOf(Validated.Valid.class);
        ReleaseEvent e = ((Validated.Valid<ReleaseEvent>) result).value();
        assertThat(e.country()).isEqualTo("BY");
        assertThat(e.transferredTo()).isEqualTo("LT");
        assertThat(e.occurredAt()).isEqualTo(Instant.parse("2025-12-12T22:30:00Z"));
        assertThat(e.person().tags()).containsExactly("nobel-laureate");
        assertThat(e.source().name()).isEqualTo("Viasna");
    }

    @Test
    void optionalFieldsMayBeAbsentOrNull() {
        String minimal = """
                {"eventId":"e","occurredAt":"2025-12-13T10:00:00Z","country":"BY","person":{"id":"p","name":"N","tags":null},
                 "charges":null,"transferredTo":null,"agreement":null,"source":null}""";
        Validated<ReleaseEvent> result = validator.release(minimal.getBytes(StandardCharsets.UTF_8));
        assertThat(result).isInstanceOf(Validated.Valid.class);
        ReleaseEvent e = ((Validated.Valid<ReleaseEvent>) result).value();
        assertThat(e.transferredTo()).isNull();
        assertThat(e.charges()).isEmpty();
    }

    @Test
    void aValidSanctionIsNormalised() {
        Validated<SanctionEvent> result = validator.sanction(SANCTION.getBytes(StandardCharsets.UTF_8));
        SanctionEvent e = ((Validated.Valid<SanctionEvent>) result).value();
        assertThat(e.targetCountry()).isEqualTo("BY");
        assertThat(e.action()).isEqualTo(SanctionAction.LIFTED);
        assertThat(e.target().kind()).isEqualTo("company");
    }

    @Test
    void aWatchlistEntryWithoutPriorityIsNormal() {
        Validated<WatchlistEntry> result = validator.watchlistEntry("viasna:3".getBytes(StandardCharsets.UTF_8),
                "{\"personId\":\"viasna:3\",\"name\":\"Someone\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(((Validated.Valid<WatchlistEntry>) result).value().priority()).isEqualTo(Priority.NORMAL);
    }

    /** The release with {@code bytes} at the start of the person's name. */
    private static byte[] withBytesInName(int... bytes) {
        byte[] json = RELEASE.getBytes(StandardCharsets.UTF_8);
        int at = RELEASE.indexOf("Ales");
        byte[] out = new byte[json.length + bytes.length];
        System.arraycopy(json, 0, out, 0, at);
        for (int i = 0; i < bytes.length; i++) {
            out[at + i] = (byte) bytes[i];
        }
        System.arraycopy(json, at, out, at + bytes.length, json.length - at);
        return out;
    }

    static Stream<Arguments> badReleases() {
        String notUtf8 = "value: is not UTF-8 (a malformed byte sequence at byte " + RELEASE.indexOf("Ales")
                + ": an overlong form, a surrogate or a code point beyond U+10FFFF)";
        return Stream.of(
                Arguments.of("empty value", new byte[0], "value: is empty"),
                Arguments.of("null value", null, "value: is empty"),
                Arguments.of("not JSON", "Belarus freed 123".getBytes(StandardCharsets.UTF_8),
                        "value: is not JSON (Unrecognized token 'Belarus': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false') at line 1, column 9)"),
                Arguments.of("truncated JSON", RELEASE.substring(0, 40).getBytes(StandardCharsets.UTF_8),
                        "value: is not JSON (Unexpected end-of-input in field name at line 1, column 41)"),
                Arguments.of("invalid UTF-8", new byte[]{'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
                        "value: is not JSON (Invalid UTF-8 middle byte 0x28 at line 1, column 9)"),
                Arguments.of("overlong UTF-8 (C0 AF, a disguised '/')", withBytesInName(0xC0, 0xAF), notUtf8),
                Arguments.of("a UTF-16 surrogate in UTF-8", withBytesInName(0xED, 0xA0, 0x80), notUtf8),
                Arguments.of("a code point beyond U+10FFFF", withBytesInName(0xF4, 0x90, 0x80, 0x80), notUtf8),
                Arguments.of("garbage after the object", (RELEASE + "garbage").getBytes(StandardCharsets.UTF_8),
                        "value: is not JSON (Unrecognized token 'garbage': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false') at line 4, column 97)"),
                Arguments.of("a second object after the first", (RELEASE + RELEASE).getBytes(StandardCharsets.UTF_8),
                        "value: is not JSON (more data after the end of the object at line 4, column 90)"),
                Arguments.of("an array", "[1,2]".getBytes(StandardCharsets.UTF_8), "value: must be a JSON object, got array"),
                Arguments.of("a string", "\"BY\"".getBytes(StandardCharsets.UTF_8), "value: must be a JSON object, got string"),
                Arguments.of("null", "null".getBytes(StandardCharsets.UTF_8), "value: must be a JSON object, got null"),
                Arguments.of("missing eventId", edit(RELEASE, n -> { n.remove("eventId"); return n; }), "eventId: is required"),
                Arguments.of("missing occurredAt", edit(RELEASE, n -> { n.remove("occurredAt"); return n; }), "occurredAt: is required"),
                Arguments.of("missing country", edit(RELEASE, n -> { n.remove("country"); return n; }), "country: is required"),
                Arguments.of("missing person", edit(RELEASE, n -> { n.remove("person"); return n; }), "person: is required"),
                Arguments.of("missing person.id", edit(RELEASE, n -> { person(n).remove("id"); return n; }), "person.id: is required"),
                Arguments.of("missing person.name", edit(RELEASE, n -> { person(n).remove("name"); return n; }), "person.name: is required"),
                Arguments.of("empty eventId", edit(RELEASE, n -> n.put("eventId", "")), "eventId: must be 1–128 characters, got 0"),
                Arguments.of("long eventId", edit(RELEASE, n -> n.put("eventId", "e".repeat(129))), "eventId: must be 1–128 characters, got 129"),
                Arguments.of("long person.id", edit(RELEASE, n -> { person(n).put("id", "p".repeat(129)); return n; }), "person.id: must be 1–128 characters, got 129"),
                Arguments.of("long person.name", edit(RELEASE, n -> { person(n).put("name", "n".repeat(257)); return n; }), "person.name: must be 1–256 characters, got 257"),
                Arguments.of("eventId a number", edit(RELEASE, n -> n.put("eventId", 7)), "eventId: must be a string, got number"),
                Arguments.of("person.name a number", edit(RELEASE, n -> { person(n).put("name", 5); return n; }), "person.name: must be a string, got number"),
                Arguments.of("country a name", edit(RELEASE, n -> n.put("country", "Belarus")),
                        "country: \"Belarus\" is not an ISO 3166-1 alpha-2 code (two letters, e.g. \"BY\")"),
                Arguments.of("country alpha-3", edit(RELEASE, n -> n.put("country", "BLR")),
                        "country: \"BLR\" is not an ISO 3166-1 alpha-2 code (two letters, e.g. \"BY\")"),
                Arguments.of("transferredTo a name", edit(RELEASE, n -> n.put("transferredTo", "Lithuania")),
                        "transferredTo: \"Lithuania\" is not an ISO 3166-1 alpha-2 code (two letters, e.g. \"LT\")"),
                Arguments.of("occurredAt without offset", edit(RELEASE, n -> n.put("occurredAt", "2025-12-13T10:00:00")),
                        "occurredAt: \"2025-12-13T10:00:00\" is not an ISO-8601 instant with an offset (e.g. \"2025-12-13T10:00:00Z\")"),
                Arguments.of("occurredAt with a space", edit(RELEASE, n -> n.put("occurredAt", "2025-12-13 10:00")),
                        "occurredAt: \"2025-12-13 10:00\" is not an ISO-8601 instant with an offset (e.g. \"2025-12-13T10:00:00Z\")"),
                Arguments.of("occurredAt a number", edit(RELEASE, n -> n.put("occurredAt", 1765620000)),
                        "occurredAt: must be a string, got number"),
                Arguments.of("occurredAt in the future", edit(RELEASE, n -> n.put("occurredAt", "2030-01-01T00:00:00Z")),
                        "occurredAt: 2030-01-01T00:00:00Z is more than 24h in the future"),
                Arguments.of("charges a string", edit(RELEASE, n -> n.put("charges", "treason")), "charges: must be an array or null, got string"),
                Arguments.of("a charge a number", edit(RELEASE, n -> { n.putArray("charges").add("a").add(2); return n; }),
                        "charges[1]: must be a string, got number"),
                Arguments.of("tags an object", edit(RELEASE, n -> { person(n).putObject("tags"); return n; }),
                        "person.tags: must be an array or null, got object"),
                Arguments.of("a very long bad country is shortened", edit(RELEASE, n -> n.put("country", "B".repeat(200))),
                        "country: \"" + "B".repeat(80) + "…\" is not an ISO 3166-1 alpha-2 code (two letters, e.g. \"BY\")"),
                Arguments.of("several problems at once", edit(RELEASE, n -> { n.remove("eventId"); n.put("country", "Belarus"); return n; }),
                        "country: \"Belarus\" is not an ISO 3166-1 alpha-2 code (two letters, e.g. \"BY\"); eventId: is required"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badReleases")
    void aBadReleaseIsRejectedWithAnErrorNamingTheField(String what, byte[] value, String error) {
        assertThat(validator.release(value)).isEqualTo(new Validated.Invalid<>(error));
    }

    static Stream<Arguments> badSanctions() {
        return Stream.of(
                Arguments.of("missing issuer", edit(SANCTION, n -> { n.remove("issuer"); return n; }), "issuer: is required"),
                Arguments.of("missing action", edit(SANCTION, n -> { n.remove("action"); return n; }), "action: is required"),
                Arguments.of("missing target", edit(SANCTION, n -> { n.remove("target"); return n; }), "target: is required"),
                Arguments.of("missing target.id", edit(SANCTION, n -> { ((ObjectNode) n.get("target")).remove("id"); return n; }), "target.id: is required"),
                Arguments.of("missing target.name", edit(SANCTION, n -> { ((ObjectNode) n.get("target")).remove("name"); return n; }), "target.name: is required"),
                Arguments.of("missing targetCountry", edit(SANCTION, n -> { n.remove("targetCountry"); return n; }), "targetCountry: is required"),
                Arguments.of("issuer lower-case", edit(SANCTION, n -> n.put("issuer", "us")),
                        "issuer: \"us\" must be 2–3 upper-case letters (an ISO 3166-1 alpha-2 code such as \"US\", or a bloc such as \"EU\")"),
                Arguments.of("issuer a name", edit(SANCTION, n -> n.put("issuer", "United States")),
                        "issuer: \"United States\" must be 2–3 upper-case letters (an ISO 3166-1 alpha-2 code such as \"US\", or a bloc such as \"EU\")"),
                Arguments.of("targetCountry a name", edit(SANCTION, n -> n.put("targetCountry", "Belarus")),
                        "targetCountry: \"Belarus\" is not an ISO 3166-1 alpha-2 code (two letters, e.g. \"BY\")"),
                Arguments.of("unknown action", edit(SANCTION, n -> n.put("action", "REMOVED")),
                        "action: \"REMOVED\" is not one of IMPOSED, LIFTED, EASED, EXTENDED"),
                Arguments.of("action in lower case", edit(SANCTION, n -> n.put("action", "lifted")),
                        "action: \"lifted\" is not one of IMPOSED, LIFTED, EASED, EXTENDED"),
                Arguments.of("unknown target.kind", edit(SANCTION, n -> { ((ObjectNode) n.get("target")).put("kind", "bank"); return n; }),
                        "target.kind: \"bank\" is not one of company, person, sector, government, other"),
                Arguments.of("long target.id", edit(SANCTION, n -> { ((ObjectNode) n.get("target")).put("id", "t".repeat(129)); return n; }),
                        "target.id: must be 1–128 characters, got 129"),
                Arguments.of("empty target.name", edit(SANCTION, n -> { ((ObjectNode) n.get("target")).put("name", ""); return n; }),
                        "target.name: must be 1–256 characters, got 0"),
                Arguments.of("occurredAt without offset", edit(SANCTION, n -> n.put("occurredAt", "2025-12-13")),
                        "occurredAt: \"2025-12-13\" is not an ISO-8601 instant with an offset (e.g. \"2025-12-13T10:00:00Z\")"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSanctions")
    void aBadSanctionIsRejectedWithAnErrorNamingTheField(String what, byte[] value, String error) {
        assertThat(validator.sanction(value)).isEqualTo(new Validated.Invalid<>(error));
    }

    static Stream<Arguments> badWatchlistEntries() {
        return Stream.of(
                Arguments.of("missing personId", edit(WATCHLIST, n -> { n.remove("personId"); return n; }), "personId: is required"),
                Arguments.of("missing name", edit(WATCHLIST, n -> { n.remove("name"); return n; }), "name: is required"),
                Arguments.of("unknown priority", edit(WATCHLIST, n -> n.put("priority", "urgent")), "priority: \"urgent\" is not one of high, normal"),
                Arguments.of("personId differs from the key", edit(WATCHLIST, n -> n.put("personId", "viasna:2")),
                        "personId: \"viasna:2\" does not match the record key \"viasna:1\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badWatchlistEntries")
    void aBadWatchlistEntryIsRejectedWithAnErrorNamingTheField(String what, byte[] value, String error) {
        assertThat(validator.watchlistEntry("viasna:1".getBytes(StandardCharsets.UTF_8), value))
                .isEqualTo(new Validated.Invalid<>(error));
    }

    @Test
    void aRecordOverTheSizeLimitIsRejectedBeforeParsing() {
        EventValidator small = new EventValidator(100, Duration.ofHours(24), NOW);
        assertThat(small.release(RELEASE.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new Validated.Invalid<>("value: is " + RELEASE.getBytes(StandardCharsets.UTF_8).length
                        + " bytes, larger than the limit of 100 bytes"));
    }

    @Test
    void deepNestingIsRejectedCleanly() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThat(validator.release(deep.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(Validated.Invalid.class, i -> assertThat(i.error()).startsWith("value: is not JSON ("));
    }

    @Test
    void binaryGarbageIsNotJson() {
        byte[] garbage = new byte[256];
        new java.util.Random(42).nextBytes(garbage);
        assertThat(validator.release(garbage))
                .isInstanceOfSatisfying(Validated.Invalid.class, i -> assertThat(i.error()).startsWith("value: is not JSON ("));
    }

    @Test
    void validExamplesFromTheContractPass() {
        for (String json : List.of(RELEASE)) {
            assertThat(validator.release(json.getBytes(StandardCharsets.UTF_8))).isInstanceOf(Validated.Valid.class);
        }
        assertThat(validator.sanction(SANCTION.getBytes(StandardCharsets.UTF_8))).isInstanceOf(Validated.Valid.class);
        assertThat(validator.watchlistEntry("viasna:1".getBytes(StandardCharsets.UTF_8), WATCHLIST.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(Validated.Valid.class);
    }
}

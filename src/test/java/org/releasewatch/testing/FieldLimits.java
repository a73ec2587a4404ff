package org.releasewatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.releasewatch.json.Json;
import org.releasewatch.model.Person;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.model.SanctionTarget;
import org.releasewatch.model.Source;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The field limits of contract v1.1, as a table for tests: each limited field of each input, how to set it to a
 * given length (or item count), and the events with every field exactly at its limit. Lengths are in Unicode
 * code points, as JSON Schema's {@code maxLength} counts them; the padding mixes in a character outside the
 * Basic Multilingual Plane (two UTF-16 units) so a count in UTF-16 units would fail the at-limit case.
 */
public final class FieldLimits {

    /** Which input a limit belongs to. */
    public enum Input { RELEASE, SANCTION, WATCHLIST }

    /** One limit: {@code path} as the DLQ reason names it, and whether it counts items rather than characters. */
    public record Limit(Input input, String path, int max, boolean items) {

        /** The event as JSON with this field set to {@code length} characters (or items of one character). */
        public ObjectNode apply(ObjectNode event, int length, String unique) {
            ObjectNode copy = event.deepCopy();
            String[] parts = path.replaceAll("\\[\\d+]", "").split("\\.");
            ObjectNode parent = copy;
            for (int i = 0; i < parts.length - 1; i++) {
                parent = parent.get(parts[i]) instanceof ObjectNode o ? o : parent.putObject(parts[i]);
            }
            String field = parts[parts.length - 1];
            if (items) {
                ArrayNode array = parent.putArray(field);
                IntStream.range(0, length).forEach(i -> array.add("i" + i));
            } else if (path.endsWith("]")) {
                parent.putArray(field).add(text(unique, length));
            } else {
                parent.put(field, text(unique, length));
            }
            return copy;
        }
    }

    public static final List<Limit> ALL = List.of(
            new Limit(Input.RELEASE, "eventId", 128, false),
            new Limit(Input.RELEASE, "person.id", 128, false),
            new Limit(Input.RELEASE, "person.name", 256, false),
            new Limit(Input.RELEASE, "person.tags", 50, true),
            new Limit(Input.RELEASE, "person.tags[0]", 64, false),
            new Limit(Input.RELEASE, "charges", 50, true),
            new Limit(Input.RELEASE, "charges[0]", 512, false),
            new Limit(Input.RELEASE, "agreement", 128, false),
            new Limit(Input.RELEASE, "source.name", 256, false),
            new Limit(Input.RELEASE, "source.url", 2048, false),
            new Limit(Input.SANCTION, "eventId", 128, false),
            new Limit(Input.SANCTION, "target.id", 128, false),
            new Limit(Input.SANCTION, "target.name", 256, false),
            new Limit(Input.SANCTION, "sector", 128, false),
            new Limit(Input.SANCTION, "program", 128, false),
            new Limit(Input.SANCTION, "agreement", 128, false),
            new Limit(Input.SANCTION, "source.name", 256, false),
            new Limit(Input.SANCTION, "source.url", 2048, false),
            new Limit(Input.WATCHLIST, "name", 256, false),
            new Limit(Input.WATCHLIST, "note", 1024, false));

    private FieldLimits() {
    }

    public static List<Limit> of(Input input) {
        return ALL.stream().filter(l -> l.input() == input).toList();
    }

    /**
     * {@code length} code points starting with {@code unique} (cut if longer), padded with "x" and ending in
     * an emoji (U+1F54A, two UTF-16 units) when there is room.
     */
    public static String text(String unique, int length) {
        if (length <= 0) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        unique.codePoints().limit(length - 1).forEach(out::appendCodePoint);
        while (out.codePointCount(0, out.length()) < length - 1) {
            out.append('x');
        }
        return out.appendCodePoint(0x1F54A).toString();
    }

    /** A release with every limited field exactly at its limit; {@code unique} keeps eventId and person.id apart. */
    public static ReleaseEvent fullRelease(ReleaseEvent base, String unique) {
        List<String> tags = new ArrayList<>();
        List<String> charges = new ArrayList<>();
        IntStream.range(0, 50).forEach(i -> {
            tags.add(text("tag" + i + "-", 64));
            charges.add(text("charge" + i + "-", 512));
        });
        return new ReleaseEvent(text(unique + "-", 128), base.occurredAt(), base.country(),
                new Person(text(unique + "-person-", 128), text(base.person().name() + " ", 256), tags), charges,
                base.transferredTo(), text("agreement-", 128),
                new Source(text("Monitor ", 256), text("https://example.org/" + unique + "/", 2048)));
    }

    /** A sanctions change with every limited field exactly at its limit. */
    public static SanctionEvent fullSanction(SanctionEvent base, String unique) {
        return new SanctionEvent(text(unique + "-", 128), base.occurredAt(), base.issuer(), base.targetCountry(),
                base.action(), new SanctionTarget(text(unique + "-target-", 128), text("Target ", 256),
                base.target().kind()), text("sector-", 128), text("program-", 128), text("agreement-", 128),
                new Source(text("List ", 256), text("https://example.org/" + unique + "/", 2048)));
    }

    public static ObjectNode tree(Object event) {
        return (ObjectNode) Json.tree(event);
    }

    public static JsonNode at(JsonNode node, String path) {
        JsonNode n = node;
        for (String p : path.replaceAll("\\[\\d+]", "").split("\\.")) {
            n = n.path(p);
        }
        return n;
    }
}

package org.releasewatch.sources.roster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.releasewatch.json.Json;
import org.releasewatch.sources.format.ListFormat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * A roster as JSON lines: one JSON object per line, UTF-8 (a BOM is dropped), blank lines skipped. The mapped
 * fields are strings or numbers. A line that is not a whole JSON object — the last one of a truncated file — refuses
 * the version. A line is bounded (64 KiB) before it is parsed.
 */
public final class JsonLinesRoster implements RosterFormat {

    static final int MAX_LINE = 64 * 1024;

    private final RosterColumns columns;

    public JsonLinesRoster(RosterColumns columns) {
        this.columns = columns;
    }

    @Override
    public void read(InputStream stream, Consumer<RosterRow> rows) throws IOException, ListFormat.MalformedListException {
        try (BufferedReader text = new BufferedReader(new RosterText(stream, null), 16 * 1024)) {
            StringBuilder line = new StringBuilder();
            int number = 0;
            int count = 0;
            while (readLine(text, line, number + 1)) {
                number++;
                if (line.toString().isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = Json.MAPPER.readTree(line.toString());
                } catch (JsonProcessingException e) {
                    throw new ListFormat.MalformedListException("line " + number + " is not a complete JSON object (truncated?): "
                            + e.getOriginalMessage());
                }
                if (node == null || !node.isObject()) {
                    throw new ListFormat.MalformedListException("line " + number + " is not a JSON object");
                }
                rows.accept(new RosterRow(number, field(node, columns.id(), number), field(node, columns.name(), number),
                        field(node, columns.country(), number), field(node, columns.status(), number)));
                count++;
            }
            if (count == 0) {
                throw new ListFormat.MalformedListException("the file has no rows");
            }
        } catch (RosterText.UnreadableTextException e) {
            throw new ListFormat.MalformedListException(e.getMessage());
        }
    }

    private static String field(JsonNode node, String name, int line) throws ListFormat.MalformedListException {
        if (name == null) {
            return null;
        }
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() && !v.isNumber()) {
            throw new ListFormat.MalformedListException("line " + line + ": \"" + name + "\" is " + v.getNodeType()
                    .name().toLowerCase(java.util.Locale.ROOT) + ", not a string or number");
        }
        String s = v.asText().strip();
        if (s.length() > MAX_CELL) {
            throw new ListFormat.MalformedListException("line " + line + ": \"" + name + "\" is longer than " + MAX_CELL + " characters");
        }
        return s.isEmpty() ? null : s;
    }

    /** Reads one line into {@code line}, without its line break; false at the end of the input. */
    private static boolean readLine(BufferedReader text, StringBuilder line, int number)
            throws IOException, ListFormat.MalformedListException {
        line.setLength(0);
        int c = text.read();
        if (c < 0) {
            return false;
        }
        while (c >= 0 && c != '\n') {
            if (c != '\r') {
                if (line.length() >= MAX_LINE) {
                    throw new ListFormat.MalformedListException("line " + number + " is longer than " + MAX_LINE + " characters");
                }
                line.append((char) c);
            }
            c = text.read();
        }
        return true;
    }
}

package org.releasewatch.watchlist;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.releasewatch.ingest.validation.Validated;
import org.releasewatch.json.Json;
import org.releasewatch.model.WatchlistEntry;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An uploaded watchlist file — CSV with a header row naming {@code personId, name, priority, note} in any
 * order, or JSON lines (one WatchlistEntry per line) — read into rows, each either a valid entry or the
 * reason it is not, by the line it is on. Every row goes through {@link EntryCheck}, the ingest's own
 * validation; a person id twice in one file is an error naming both lines. A file that cannot be read
 * at all (not UTF-8, no usable header, too many rows) is {@link Unreadable}.
 */
public final class ImportFile {

    public enum Format { CSV, JSON_LINES }

    /** A row of the file: its line, the person id it names (if any), the entry or the error. */
    public record Row(int line, String personId, WatchlistEntry entry, String error) {
        public boolean valid() {
            return error == null;
        }
    }

    public record Parsed(Format format, String separator, List<Row> rows, List<String> ignoredColumns) {
        public List<Row> invalid() {
            return rows.stream().filter(r -> !r.valid()).toList();
        }

        public List<WatchlistEntry> entries() {
            return rows.stream().filter(Row::valid).map(Row::entry).toList();
        }
    }

    /** The file as a whole cannot be read; the message says why and what to do. */
    public static final class Unreadable extends RuntimeException {
        public Unreadable(String message) {
            super(message);
        }
    }

    private static final List<String> COLUMNS = List.of("personid", "name", "priority", "note");

    private ImportFile() {
    }

    public static Parsed read(byte[] body, Format format, EntryCheck check, int maxRows) {
        String text = utf8(body);
        Parsed parsed = format == Format.CSV ? csv(text, check, maxRows) : jsonLines(text, check, maxRows);
        return new Parsed(parsed.format(), parsed.separator(), duplicatesMarked(parsed.rows()), parsed.ignoredColumns());
    }

    private static Parsed csv(String text, EntryCheck check, int maxRows) {
        CsvReader.Parsed csv = CsvReader.read(text);
        if (csv.records().isEmpty()) {
            throw new Unreadable("the file is empty: expected a header row (personId,name,priority,note) and a row per person");
        }
        CsvReader.Record header = csv.records().get(0);
        if (header.error() != null) {
            throw new Unreadable("line " + header.line() + " (the header row): " + header.error());
        }
        Map<String, Integer> column = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        for (int i = 0; i < header.fields().size(); i++) {
            String name = header.fields().get(i).strip();
            String key = name.toLowerCase(Locale.ROOT).replace(" ", "").replace("_", "").replace("-", "");
            if (COLUMNS.contains(key) && !column.containsKey(key)) {
                column.put(key, i);
            } else if (COLUMNS.contains(key)) {
                throw new Unreadable("line " + header.line() + " (the header row): column \"" + name + "\" appears twice");
            } else {
                ignored.add(name);
            }
        }
        for (String required : List.of("personid", "name")) {
            if (!column.containsKey(required)) {
                throw new Unreadable("line " + header.line() + " (the header row) has no " + (required.equals("personid") ? "personId" : "name")
                        + " column; expected the columns personId,name,priority,note in any order, found: "
                        + String.join(String.valueOf(csv.separator()), header.fields()));
            }
        }
        if (csv.records().size() - 1 > maxRows) {
            throw new Unreadable("the file has " + (csv.records().size() - 1) + " rows, more than the " + maxRows
                    + " the watchlist can hold (releasewatch.watchlist.max-entries)");
        }
        List<Row> rows = new ArrayList<>();
        for (CsvReader.Record record : csv.records().subList(1, csv.records().size())) {
            List<String> f = record.fields();
            String personId = cell(f, column.get("personid"));
            String id = personId == null ? null : personId.strip();
            if (record.error() != null) {
                rows.add(new Row(record.line(), id, null, record.error()));
                continue;
            }
            if (f.size() > header.fields().size() && f.subList(header.fields().size(), f.size()).stream().anyMatch(s -> !s.isBlank())) {
                rows.add(new Row(record.line(), id, null, "has " + f.size() + " fields, the header row has " + header.fields().size()
                        + " (a value holding the separator \"" + csv.separator() + "\" must be in double quotes)"));
                continue;
            }
            if (id == null || id.isEmpty()) {
                rows.add(new Row(record.line(), null, null, "personId: is empty"));
                continue;
            }
            String name = cell(f, column.get("name"));
            if (name == null || name.isBlank()) {
                rows.add(new Row(record.line(), id, null, "name: is empty"));
                continue;
            }
            ObjectNode node = Json.MAPPER.createObjectNode().put("personId", id).put("name", name);
            String priority = cell(f, column.get("priority"));
            if (priority != null && !priority.isBlank()) {
                node.put("priority", priority.strip().toLowerCase(Locale.ROOT));
            }
            String note = cell(f, column.get("note"));
            if (note != null && !note.isBlank()) {
                node.put("note", note);
            }
            rows.add(row(record.line(), id, check.check(id, node)));
        }
        return new Parsed(Format.CSV, String.valueOf(csv.separator()), rows, List.copyOf(ignored));
    }

    private static Parsed jsonLines(String text, EntryCheck check, int maxRows) {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        List<Row> rows = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            if (rows.size() >= maxRows) {
                throw new Unreadable("the file has more than the " + maxRows
                        + " rows the watchlist can hold (releasewatch.watchlist.max-entries)");
            }
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(line);
            } catch (JacksonException e) {
                rows.add(new Row(i + 1, null, null, "value: is not JSON (" + firstLine(e.getOriginalMessage()) + ")"));
                continue;
            }
            if (!(node instanceof ObjectNode object)) {
                rows.add(new Row(i + 1, null, null, "value: must be a JSON object"));
                continue;
            }
            if (!object.path("personId").isTextual() || object.get("personId").asText().isBlank()) {
                rows.add(new Row(i + 1, null, null, "personId: is required"));
                continue;
            }
            String id = object.get("personId").asText().strip();
            object.put("personId", id);
            rows.add(row(i + 1, id, check.check(id, object)));
        }
        if (rows.isEmpty()) {
            throw new Unreadable("the file is empty: expected one JSON object per line, e.g. "
                    + "{\"personId\":\"viasna:1\",\"name\":\"Ales Bialiatski\",\"priority\":\"high\"}");
        }
        return new Parsed(Format.JSON_LINES, null, rows, List.of());
    }

    private static Row row(int line, String id, Validated<WatchlistEntry> result) {
        return result instanceof Validated.Valid<WatchlistEntry> valid
                ? new Row(line, id, valid.value(), null)
                : new Row(line, id, null, ((Validated.Invalid<WatchlistEntry>) result).error());
    }

    /** A person id on two rows is an error on the later one, naming the line of the first. */
    private static List<Row> duplicatesMarked(List<Row> rows) {
        Map<String, Integer> firstLine = new HashMap<>();
        List<Row> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            if (row.personId() == null) {
                out.add(row);
                continue;
            }
            Integer first = firstLine.putIfAbsent(row.personId(), row.line());
            out.add(first == null ? row : new Row(row.line(), row.personId(), null,
                    "personId: \"" + row.personId() + "\" is also on line " + first + " (each person once per file)"));
        }
        return out;
    }

    private static String cell(List<String> fields, Integer index) {
        return index == null || index >= fields.size() ? null : fields.get(index);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl >= 0 ? message.substring(0, nl) : message;
    }

    /** Strict UTF-8: a spreadsheet saved in another encoding is refused with the line of the first bad byte. */
    static String utf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                if (body[i] == '\n') {
                    line++;
                }
            }
            throw new Unreadable("the file is not UTF-8 (line " + line + ", byte " + at
                    + "); save it as \"CSV UTF-8\" (Excel) or \"Text CSV\" with character set UTF-8 (LibreOffice)");
        }
        decoder.flush(out);
        out.flip();
        return out.toString();
    }
}

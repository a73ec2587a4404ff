package org.releasewatch.sources.roster;

import org.releasewatch.sources.format.ListFormat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A roster as CSV with a header row (RFC 4180, {@link CsvRecords}), in the encoding {@link RosterText} finds. The
 * delimiter is the configured one, else whichever of comma, semicolon and tab occurs most often in the header
 * outside quotes. Columns are found by their header name (trimmed, any case). Every row must have as many fields
 * as the header: a shorter one is a row cut short, so the file is truncated.
 */
public final class CsvRoster implements RosterFormat {

    static final char[] DELIMITERS = {',', ';', '\t'};
    private static final int HEADER_SCAN = 64 * 1024;

    private final RosterColumns columns;
    private final Character delimiter;
    private final Charset fallback;

    /**
     * @param delimiter null to detect it from the header
     * @param fallback  the encoding of a file that is not UTF-8 (null: it must be UTF-8 or carry a BOM)
     */
    public CsvRoster(RosterColumns columns, Character delimiter, Charset fallback) {
        this.columns = columns;
        this.delimiter = delimiter;
        this.fallback = fallback;
    }

    @Override
    public void read(InputStream stream, Consumer<RosterRow> rows) throws IOException, ListFormat.MalformedListException {
        try (BufferedReader text = new BufferedReader(new RosterText(stream, fallback), 16 * 1024)) {
            char d = delimiter != null ? delimiter : detect(text);
            CsvRecords records = new CsvRecords(text, d, MAX_CELL);
            List<String> header = records.next();
            if (header == null || header.size() == 1 && header.get(0).isBlank()) {
                throw new ListFormat.MalformedListException("the file is empty: no header row");
            }
            int id = column(header, columns.id(), "id", true);
            int name = column(header, columns.name(), "name", true);
            int country = column(header, columns.country(), "country", false);
            int status = column(header, columns.status(), "status", false);
            int count = 0;
            List<String> fields;
            while ((fields = records.next()) != null) {
                int line = records.recordLine();
                if (fields.size() == 1 && fields.get(0).isBlank()) {
                    continue; // a blank line
                }
                if (fields.size() != header.size()) {
                    throw new ListFormat.MalformedListException("line " + line + " has " + fields.size() + " fields, the header "
                            + header.size() + (records.endedWithLineBreak() ? "" : " (the file ends in this row: truncated?)"));
                }
                rows.accept(new RosterRow(line, cell(fields, id), cell(fields, name), cell(fields, country), cell(fields, status)));
                count++;
            }
            if (count == 0) {
                throw new ListFormat.MalformedListException("the file has a header and no rows");
            }
        } catch (RosterText.UnreadableTextException e) {
            throw new ListFormat.MalformedListException(e.getMessage());
        }
    }

    private static String cell(List<String> fields, int index) {
        if (index < 0) {
            return null;
        }
        String v = fields.get(index).strip();
        return v.isEmpty() ? null : v;
    }

    private static int column(List<String> header, String wanted, String key, boolean required)
            throws ListFormat.MalformedListException {
        if (wanted == null) {
            return -1;
        }
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).strip().toLowerCase(Locale.ROOT).equals(wanted.strip().toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        List<String> names = new ArrayList<>();
        header.forEach(h -> names.add(h.strip()));
        throw new ListFormat.MalformedListException("the header has no column \"" + wanted + "\" (columns." + key
                + (required ? "" : ", configured") + "); its columns are " + names);
    }

    /** The delimiter that occurs most often in the header line outside quotes; comma when none does. */
    static char detect(BufferedReader text) throws IOException {
        text.mark(HEADER_SCAN);
        int[] counts = new int[DELIMITERS.length];
        boolean quoted = false;
        for (int i = 0; i < HEADER_SCAN; i++) {
            int c = text.read();
            if (c < 0 || !quoted && (c == '\n' || c == '\r')) {
                break;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            for (int k = 0; k < DELIMITERS.length; k++) {
                if (!quoted && c == DELIMITERS[k]) {
                    counts[k]++;
                }
            }
        }
        text.reset();
        int best = 0;
        for (int k = 1; k < DELIMITERS.length; k++) {
            if (counts[k] > counts[best]) {
                best = k;
            }
        }
        return DELIMITERS[best];
    }
}

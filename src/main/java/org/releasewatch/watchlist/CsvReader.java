package org.releasewatch.watchlist;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV as spreadsheets write it (RFC 4180): fields separated by {@code ,} or {@code ;} — whichever
 * the header row uses outside quotes — quoted fields may hold separators, newlines and doubled quotes,
 * lines end in CRLF or LF, a UTF-8 byte-order mark is dropped and blank lines are skipped. Each record
 * keeps the file line it starts on, so errors can point at the line a person sees in their editor.
 * A record that breaks the quoting rules is kept with its error rather than failing the whole file. The
 * {@code '} that {@link CsvWriter} puts before a cell a spreadsheet would run is stripped ({@link FormulaGuard}).
 */
public final class CsvReader {

    /** One record: the line it starts on (1-based), its fields, and what is wrong with it (or null). */
    public record Record(int line, List<String> fields, String error) {
    }

    /** The records of a file and the separator found in its header row. */
    public record Parsed(char separator, List<Record> records) {
    }

    private CsvReader() {
    }

    public static Parsed read(String text) {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        char separator = detectSeparator(text);
        List<Record> records = new ArrayList<>();
        int i = 0;
        int line = 1;
        int n = text.length();
        while (i < n) {
            int startLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            String error = null;
            boolean quoted = false;      // inside a quoted field
            boolean wasQuoted = false;   // the current field started with a quote
            boolean endOfRecord = false;
            while (i < n && !endOfRecord) {
                char c = text.charAt(i++);
                if (quoted) {
                    if (c == '"') {
                        if (i < n && text.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        field.append(c);
                    }
                } else if (c == separator) {
                    fields.add(field.toString());
                    field.setLength(0);
                    wasQuoted = false;
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && i < n && text.charAt(i) == '\n') {
                        i++;
                    }
                    line++;
                    endOfRecord = true;
                } else if (c == '"' && field.length() == 0 && !wasQuoted) {
                    quoted = true;
                    wasQuoted = true;
                } else {
                    if (wasQuoted && error == null) {
                        error = "text after the closing quote of field " + (fields.size() + 1)
                                + " (a quote inside a quoted field is written twice: \"\")";
                    }
                    field.append(c);
                }
            }
            if (quoted) {
                error = "a quoted field opened on this line is never closed";
            }
            fields.add(field.toString());
            fields.replaceAll(FormulaGuard::unguard);
            // a blank line, or a spreadsheet's empty row (";;;"), is no record
            boolean blank = fields.stream().allMatch(String::isBlank);
            if (!blank || error != null) {
                records.add(new Record(startLine, List.copyOf(fields), error));
            }
        }
        return new Parsed(separator, List.copyOf(records));
    }

    /** {@code ;} when the first row has more of them than commas outside quotes, else {@code ,}. */
    static char detectSeparator(String text) {
        int commas = 0;
        int semicolons = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                break;
            } else if (!quoted && c == ',') {
                commas++;
            } else if (!quoted && c == ';') {
                semicolons++;
            }
        }
        return semicolons > commas ? ';' : ',';
    }
}

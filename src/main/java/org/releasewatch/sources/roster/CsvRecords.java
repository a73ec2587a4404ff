package org.releasewatch.sources.roster;

import org.releasewatch.sources.format.ListFormat;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records from a character stream, one at a time: fields separated by the delimiter, records by CRLF, LF
 * or CR; a field in double quotes may hold delimiters, line breaks and quotes written twice ({@code ""}). A quote
 * inside an unquoted field is read as a character (exports do write {@code 5" tall}). Bounded: a field longer than
 * {@code maxField} characters is refused as soon as it passes the bound. The end of the input inside a quoted field
 * is a truncated file.
 */
final class CsvRecords {

    private final PushbackReader in;
    private final char delimiter;
    private final int maxField;
    private int line = 1;
    private int recordLine;
    private boolean endedWithLineBreak = true;

    CsvRecords(Reader in, char delimiter, int maxField) {
        this.in = new PushbackReader(in, 1);
        this.delimiter = delimiter;
        this.maxField = maxField;
    }

    /** The line the last record returned starts on. */
    int recordLine() {
        return recordLine;
    }

    /** Whether the last record returned ended with a line break (else it ended with the input). */
    boolean endedWithLineBreak() {
        return endedWithLineBreak;
    }

    /** The next record's fields, or null at the end of the input. */
    List<String> next() throws IOException, ListFormat.MalformedListException {
        int c = in.read();
        if (c < 0) {
            return null;
        }
        recordLine = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean fieldStart = true;
        boolean quoted = false;
        boolean closedQuote = false;
        int quoteLine = 0;
        while (true) {
            if (quoted) {
                if (c < 0) {
                    throw new ListFormat.MalformedListException("the file ends inside the quoted field that starts on line "
                            + quoteLine + " (truncated?)");
                }
                if (c == '"') {
                    int d = in.read();
                    if (d == '"') {
                        append(field, '"');
                    } else {
                        quoted = false;
                        closedQuote = true;
                        c = d;
                        continue;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    append(field, (char) c);
                }
                c = in.read();
                continue;
            }
            if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                fieldStart = true;
                closedQuote = false;
            } else if (c == '\r' || c == '\n' || c < 0) {
                if (c == '\r') {
                    int d = in.read();
                    if (d != '\n' && d >= 0) {
                        in.unread(d);
                    }
                }
                if (c >= 0) {
                    line++;
                }
                endedWithLineBreak = c >= 0;
                fields.add(field.toString());
                return fields;
            } else if (c == '"' && fieldStart) {
                quoted = true;
                quoteLine = line;
                fieldStart = false;
            } else if (closedQuote) {
                throw new ListFormat.MalformedListException("line " + line + ": a character after the closing quote of "
                        + "a field (a quote inside a quoted field is written twice: \"\")");
            } else {
                append(field, (char) c);
                fieldStart = false;
            }
            c = in.read();
        }
    }

    private void append(StringBuilder field, char c) throws ListFormat.MalformedListException {
        if (field.length() >= maxField) {
            throw new ListFormat.MalformedListException("line " + recordLine + ": a field is longer than " + maxField
                    + " characters");
        }
        field.append(c);
    }
}

package org.releasewatch.watchlist;

import java.util.List;

/**
 * Writes CSV that {@link CsvReader} and spreadsheets read back unchanged: comma-separated, CRLF line
 * ends, a field quoted when it holds a comma, semicolon, quote, line break or leading/trailing space, and a
 * field a spreadsheet would run as a formula written as text ({@link FormulaGuard}).
 */
public final class CsvWriter {

    private final StringBuilder out = new StringBuilder();

    public CsvWriter row(List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(quote(FormulaGuard.guard(fields.get(i))));
        }
        out.append("\r\n");
        return this;
    }

    static String quote(String field) {
        if (field == null) {
            return "";
        }
        boolean needs = field.indexOf(',') >= 0 || field.indexOf(';') >= 0 || field.indexOf('"') >= 0
                || field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0
                || (!field.isEmpty() && (Character.isWhitespace(field.charAt(0))
                || Character.isWhitespace(field.charAt(field.length() - 1))));
        return needs ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}

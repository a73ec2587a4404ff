package org.releasewatch.watchlist;

/**
 * Keeps spreadsheets from running a CSV cell (contract v1.2): a cell that begins with {@code = + - @}, a tab or
 * a carriage return is written with a leading {@code '}, which shows it as text, and an import strips that
 * {@code '} again. So that every cell round-trips, a cell that already begins with a {@code '} which the import
 * would strip — one followed by one of those characters or by another {@code '} — gets one more {@code '}; any
 * other cell beginning with {@code '} (a name such as {@code 'Sasha}) is written and read as it is.
 */
final class FormulaGuard {

    private FormulaGuard() {
    }

    private static boolean trigger(char c) {
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }

    /** What an import strips: a {@code '} followed by a trigger character or by another {@code '}. */
    private static boolean guarded(String cell) {
        return cell.length() > 1 && cell.charAt(0) == '\'' && (trigger(cell.charAt(1)) || cell.charAt(1) == '\'');
    }

    /** The cell as written to a CSV file. */
    static String guard(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        return trigger(cell.charAt(0)) || guarded(cell) ? "'" + cell : cell;
    }

    /** The cell as read from a CSV file: {@link #guard}'s inverse. */
    static String unguard(String cell) {
        return guarded(cell) ? cell.substring(1) : cell;
    }
}

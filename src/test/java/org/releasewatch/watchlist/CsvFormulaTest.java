package org.releasewatch.watchlist;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.releasewatch.testing.Fast;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Formula-safe CSV both ways (contract v1.2): a cell that begins with {@code = + - @}, a tab or a carriage return
 * is written with a leading {@code '} so a spreadsheet shows it as text, and an import strips that {@code '}
 * again. Defined for cells that already begin with {@code '}: one that the import would strip (a {@code '}
 * followed by one of those characters or by another {@code '}) is written with one more {@code '}; any other
 * ({@code 'Sasha}) is written and read as it is.
 */
@Fast
class CsvFormulaTest {

    /** The cell as a spreadsheet sees it: the second field of the data row, unquoted as RFC 4180 says. */
    private static String cellAsWritten(String value) {
        String csv = new CsvWriter().row(List.of("personId", "name")).row(List.of("viasna:1", value)).toString();
        String row = csv.substring(csv.indexOf("\r\n") + 2, csv.length() - 2);
        String cell = row.substring(row.indexOf(',') + 1);
        return cell.startsWith("\"") ? cell.substring(1, cell.length() - 1).replace("\"\"", "\"") : cell;
    }

    private static String readBack(String value) {
        String csv = new CsvWriter().row(List.of("personId", "name")).row(List.of("viasna:1", value)).toString();
        return CsvReader.read(csv).records().get(1).fields().get(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"=HYPERLINK(\"http://x\",\"y\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1",
            "=1", "+", "-", "@"})
    void aCellAFormulaCouldStartWithIsWrittenAsTextAndImportsBackUnchanged(String value) {
        assertThat(cellAsWritten(value)).as("as written").startsWith("'").isEqualTo("'" + value);
        assertThat(readBack(value)).as("imported back").isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"'Sasha", "'", "''", "'=1", "'+x", "''=1", "O'Brien", "Ales Bialiatski", "", "Ales = Bialiatski"})
    void aCellBeginningWithAnApostropheOrHarmlessRoundTrips(String value) {
        assertThat(readBack(value)).as("imported back").isEqualTo(value);
        assertThat(cellAsWritten(value)).as("as written").doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("-")
                .doesNotStartWith("@");
    }

    @ParameterizedTest
    @ValueSource(strings = {"'Sasha", "O'Brien", "Ales Bialiatski", "'"})
    void aCellNeedingNoGuardIsWrittenAsItIs(String value) {
        assertThat(cellAsWritten(value)).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"'=1", "''", "'@x"})
    void aCellTheImportWouldStripGetsOneMoreApostrophe(String value) {
        assertThat(cellAsWritten(value)).isEqualTo("'" + value);
    }
}

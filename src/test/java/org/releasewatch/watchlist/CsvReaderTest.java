package org.releasewatch.watchlist;

import org.junit.jupiter.api.Test;
import org.releasewatch.testing.Fast;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Fast
class CsvReaderTest {

    @Test
    void readsAHeaderAndRowsSeparatedByCommas() {
        CsvReader.Parsed p = CsvReader.read("personId,name\nviasna:1,Ales Bialiatski\nviasna:2,Maria Kalesnikava\n");
        assertThat(p.separator()).isEqualTo(',');
        assertThat(p.records()).extracting(CsvReader.Record::fields).containsExactly(
                List.of("personId", "name"), List.of("viasna:1", "Ales Bialiatski"), List.of("viasna:2", "Maria Kalesnikava"));
        assertThat(p.records()).extracting(CsvReader.Record::line).containsExactly(1, 2, 3);
    }

    @Test
    void findsTheSemicolonAsSeparatorFromTheHeaderRowAsEuropeanSpreadsheetsWriteIt() {
        CsvReader.Parsed p = CsvReader.read("personId;name;note\nviasna:1;Bialiatski, Ales;a, b\n");
        assertThat(p.separator()).isEqualTo(';');
        assertThat(p.records().get(1).fields()).containsExactly("viasna:1", "Bialiatski, Ales", "a, b");
    }

    @Test
    void aCommaInsideQuotesInTheHeaderDoesNotCountForTheSeparator() {
        assertThat(CsvReader.read("\"a,b,c\";name;note\n").separator()).isEqualTo(';');
    }

    @Test
    void quotedFieldsHoldSeparatorsDoubledQuotesAndLineBreaks() {
        CsvReader.Parsed p = CsvReader.read("id,note\r\nv:1,\"says \"\"hi\"\", then, leaves\r\nsecond line\"\r\nv:2,plain\r\n");
        assertThat(p.records()).hasSize(3);
        assertThat(p.records().get(1).fields()).containsExactly("v:1", "says \"hi\", then, leaves\r\nsecond line");
        assertThat(p.records().get(1).line()).isEqualTo(2);
        assertThat(p.records().get(2).line()).as("the line in the file, after the two-line field").isEqualTo(4);
        assertThat(p.records().get(2).fields()).containsExactly("v:2", "plain");
    }

    @Test
    void dropsTheByteOrderMarkSoTheFirstColumnKeepsItsName() {
        CsvReader.Parsed p = CsvReader.read("\uFEFFpersonId,name\nv:1,A\n");
        assertThat(p.records().get(0).fields().get(0)).isEqualTo("personId");
    }

    @Test
    void skipsBlankLinesAndEmptySpreadsheetRowsButKeepsLineNumbers() {
        CsvReader.Parsed p = CsvReader.read("id,name\n\nv:1,A\n,\n   \nv:2,B");
        assertThat(p.records()).extracting(CsvReader.Record::line).containsExactly(1, 3, 6);
        assertThat(p.records().get(2).fields()).containsExactly("v:2", "B");
    }

    @Test
    void emptyAndQuotedEmptyFieldsAreEmptyStrings() {
        assertThat(CsvReader.read("a,,\"\",d\n").records().get(0).fields()).containsExactly("a", "", "", "d");
    }

    @Test
    void anUnclosedQuoteIsAnErrorOnTheLineItOpensAndNotAnExceptionForTheFile() {
        CsvReader.Parsed p = CsvReader.read("id,name\nv:1,A\nv:2,\"B\nv:3,C\n");
        assertThat(p.records()).hasSize(3);
        assertThat(p.records().get(2).line()).isEqualTo(3);
        assertThat(p.records().get(2).error()).contains("never closed");
    }

    @Test
    void textAfterAClosingQuoteIsAnErrorNamingTheField() {
        CsvReader.Record r = CsvReader.read("v:1,\"A\"B,c\n").records().get(0);
        assertThat(r.error()).contains("field 2").contains("\"\"");
    }

    @Test
    void aQuoteInsideAnUnquotedFieldIsKeptAsItIs() {
        assertThat(CsvReader.read("v:1,O\"Brien\n").records().get(0).fields()).containsExactly("v:1", "O\"Brien");
    }

    @Test
    void oldMacLineEndsAreLineEndsToo() {
        assertThat(CsvReader.read("id,name\rv:1,A\r").records()).extracting(CsvReader.Record::line).containsExactly(1, 2);
    }

    @Test
    void whatTheWriterWritesTheReaderReadsBackUnchanged() {
        List<String> awkward = List.of("v:1", "Ŝ \"quoted\"; name, with comma", "  padded  ", "two\nlines", "");
        String csv = new CsvWriter().row(List.of("a", "b", "c", "d", "e")).row(awkward).toString();
        assertThat(CsvReader.read(csv).records().get(1).fields()).isEqualTo(awkward);
    }
}

package org.releasewatch.sources.roster;

import org.junit.jupiter.api.Test;
import org.releasewatch.sources.format.ListFormat;
import org.releasewatch.testing.Fast;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Odd CSV as rosters are exported: quotes, delimiters and line breaks in fields, BOMs, encodings, truncation. */
@Fast
class CsvRosterTest {

    private static final Charset CP1251 = Charset.forName("windows-1251");
    private static final RosterColumns COLUMNS = new RosterColumns("id", "ФИО", "country", "status");

    private static final RosterColumns ID_AND_NAME = new RosterColumns("id", "ФИО", null, null);

    private static List<RosterRow> read(byte[] file, Character delimiter, Charset fallback) throws Exception {
        String head = new String(file, 0, Math.min(file.length, 40), StandardCharsets.ISO_8859_1);
        List<RosterRow> rows = new ArrayList<>();
        new CsvRoster(head.contains("country") ? COLUMNS : ID_AND_NAME, delimiter, fallback)
                .read(new ByteArrayInputStream(file), rows::add);
        return rows;
    }

    private static List<RosterRow> read(String file) throws Exception {
        return read(file.getBytes(StandardCharsets.UTF_8), null, null);
    }

    @Test
    void quotedFieldsHoldQuotesDelimitersAndLineBreaks() throws Exception {
        List<RosterRow> rows = read("id,ФИО,country,status\r\n"
                + "1,\"Бяляцкі, Алесь\",BY,held\r\n"
                + "2,\"Мария \"\"Маша\"\" Колесникова\",by,held\r\n"
                + "3,\"Name over\ntwo lines\",BY,\r\n"
                + "\r\n"
                + "4, Ihar Losik ,,\"released\"");
        assertThat(rows).extracting(RosterRow::name).containsExactly("Бяляцкі, Алесь", "Мария \"Маша\" Колесникова",
                "Name over\ntwo lines", "Ihar Losik");
        assertThat(rows).extracting(RosterRow::line).containsExactly(2, 3, 4, 7);
        assertThat(rows.get(2).status()).as("an empty cell").isNull();
        assertThat(rows.get(3).country()).isNull();
        assertThat(rows.get(3).status()).isEqualTo("released");
    }

    @Test
    void aQuoteInsideAnUnquotedFieldIsACharacter() throws Exception {
        assertThat(read("id,ФИО\n1,Ivan 5\" tall\n").get(0).name()).isEqualTo("Ivan 5\" tall");
    }

    @Test
    void windows1251WithSemicolonsIsDetected() throws Exception {
        byte[] file = "id;ФИО;country;status\n7;Сергей Тихановский;BY;в заключении\n8;\"Иванов; Пётр\";BY;освобождён\n".getBytes(CP1251);
        List<RosterRow> rows = read(file, null, CP1251);
        assertThat(rows).extracting(RosterRow::name).containsExactly("Сергей Тихановский", "Иванов; Пётр");
        assertThat(rows.get(1).status()).isEqualTo("освобождён");
    }

    @Test
    void asciiFirstThenWindows1251IsReadInTheFallback() throws Exception {
        // a long ASCII start: the first byte UTF-8 cannot read comes late
        StringBuilder file = new StringBuilder("id\tФИО\n".replace("ФИО", "fio"));
        for (int i = 0; i < 5000; i++) {
            file.append(i).append("\tPerson ").append(i).append('\n');
        }
        file.append("5000\tАлесь\n");
        List<RosterRow> rows = new ArrayList<>();
        new CsvRoster(new RosterColumns("id", "fio", null, null), null, CP1251)
                .read(new ByteArrayInputStream(file.toString().getBytes(CP1251)), rows::add);
        assertThat(rows).hasSize(5001);
        assertThat(rows.get(5000).name()).isEqualTo("Алесь");
    }

    @Test
    void windows1251WithoutAConfiguredEncodingIsRefusedNamingTheSetting() {
        byte[] file = "id;ФИО\n7;Сергей\n".getBytes(CP1251);
        assertThatThrownBy(() -> read(file, null, null)).isInstanceOf(ListFormat.MalformedListException.class)
                .hasMessage("the byte at offset 3 is not UTF-8 and the file has no byte order mark; set the roster's "
                        + "encoding (e.g. windows-1251) if it is written in another one");
    }

    @Test
    void utf8TextFollowedByAnotherEncodingIsRefused() {
        byte[] head = "id,ФИО\n1,Алесь\n".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "2,Сергей\n".getBytes(CP1251);
        byte[] file = new byte[head.length + tail.length];
        System.arraycopy(head, 0, file, 0, head.length);
        System.arraycopy(tail, 0, file, head.length, tail.length);
        assertThatThrownBy(() -> read(file, null, CP1251)).hasMessageContaining("after UTF-8 text: a file mixing encodings cannot be read");
    }

    @Test
    void byteOrderMarksAreReadAndDropped() throws Exception {
        String csv = "id\tФИО\n1\tАлесь\n";
        for (var bom : List.of(new Object[]{new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, StandardCharsets.UTF_8},
                new Object[]{new byte[]{(byte) 0xFF, (byte) 0xFE}, StandardCharsets.UTF_16LE},
                new Object[]{new byte[]{(byte) 0xFE, (byte) 0xFF}, StandardCharsets.UTF_16BE})) {
            byte[] mark = (byte[]) bom[0];
            byte[] body = csv.getBytes((Charset) bom[1]);
            byte[] file = new byte[mark.length + body.length];
            System.arraycopy(mark, 0, file, 0, mark.length);
            System.arraycopy(body, 0, file, mark.length, body.length);
            // the header's first column is "id", not "\uFEFFid"
            assertThat(read(file, null, CP1251)).extracting(RosterRow::name).as("%s", bom[1]).containsExactly("Алесь");
        }
    }

    @Test
    void aFileEndingInsideAQuotedFieldIsTruncated() {
        assertThatThrownBy(() -> read("id,ФИО\n1,Алесь\n2,\"Сергей Тиха")).isInstanceOf(ListFormat.MalformedListException.class)
                .hasMessage("the file ends inside the quoted field that starts on line 3 (truncated?)");
    }

    @Test
    void aFileEndingInTheMiddleOfARowIsTruncated() {
        assertThatThrownBy(() -> read("id,ФИО,country,status\n1,Алесь,BY,held\n2,Серг"))
                .hasMessage("line 3 has 2 fields, the header 4 (the file ends in this row: truncated?)");
        assertThatThrownBy(() -> read("id,ФИО,country,status\n1,Алесь,BY\n2,Сергей,BY,held\n"))
                .hasMessage("line 2 has 3 fields, the header 4");
    }

    @Test
    void aMissingColumnIsNamedWithTheHeaderItHas() {
        assertThatThrownBy(() -> read("id,name\n1,Алесь\n"))
                .hasMessage("the header has no column \"ФИО\" (columns.name); its columns are [id, name]");
    }

    @Test
    void aHugeFieldIsRefusedAtTheBound() {
        String huge = "x".repeat(RosterFormat.MAX_CELL + 1);
        assertThatThrownBy(() -> read("id,ФИО\n1,\"" + huge + "\"\n")).hasMessage("line 2: a field is longer than 4096 characters");
    }

    @Test
    void textAfterAClosingQuoteIsRefused() {
        assertThatThrownBy(() -> read("id,ФИО\n1,\"Алесь\" Бяляцкі\n")).hasMessageStartingWith("line 2: a character after the closing quote");
    }

    @Test
    void theConfiguredDelimiterWins() throws Exception {
        List<RosterRow> rows = new ArrayList<>();
        new CsvRoster(new RosterColumns("id", "name;alias", null, null), ',', null)
                .read(new ByteArrayInputStream("id,name;alias\n1,A;B\n".getBytes(StandardCharsets.UTF_8)), rows::add);
        assertThat(rows.get(0).name()).isEqualTo("A;B");
    }
}

package org.releasewatch.sources;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasewatch.testing.Fast;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code sources check} on a downloaded file: counts by programme and country, and the unresolved entries. */
@Fast
class SourcesCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SourcesCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void printsCountsByProgrammeAndCountryAndTheUnresolvedEntries(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sdn.xml");
        Files.write(file, Fixtures.bytes("sdn.xml"));

        assertThat(run("sources", "check", "--format", "ofac-sdn-xml", "--file", file.toString())).isZero();

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).startsWith("OFAC SDN list: 14 entries, published 2025-12-10T00:00:00Z, declares 14");
        assertThat(printed).containsPattern("BELARUS-EO14038\\s+2\\s+BY");
        assertThat(printed).containsPattern("SDGT\\s+2\\s+- \\(not country-specific or not mapped\\)");
        assertThat(printed).containsPattern("\\n  BY\\s+3\\n");
        assertThat(printed).contains("unresolved entries (no country: a change of these is counted and logged, no event written): 1");
        assertThat(printed).containsPattern("36012\\s+Unknown HANDLE\\s+\\[CYBER2]");
    }

    @Test
    void aTruncatedFileIsReportedAsNotAList(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("eu.xml");
        byte[] whole = Fixtures.bytes("eu-fsf.xml");
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 2));

        assertThat(run("sources", "check", "--format", "eu-fsf-xml", "--file", file.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not a complete eu-fsf-xml list: not a complete XML document");
    }

    @Test
    void anUnknownFormatNamesTheKnownOnes() {
        assertThat(run("sources", "check", "--format", "ofsi-csv", "--file", "x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--format: \"ofsi-csv\" is not one of [ofac-sdn-xml, eu-fsf-xml, un-sc-xml, uk-ofsi-xml] or [csv, json-lines]");
    }

    @Test
    void checksARosterInWindows1251WithItsCountriesStatusesAndPersonsWithNoCountry(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("roster.csv");
        Files.write(file, ("id;ФИО;country;status\n1;Алесь Бяляцкі;BY;у зняволенні\n2;Марыя Калеснікава;Belarus;вызвалены\n"
                + "3;Ihar Losik;;у зняволенні\n").getBytes(java.nio.charset.Charset.forName("windows-1251")));

        assertThat(run("sources", "check", "--format", "csv", "--file", file.toString(), "--column", "id=id",
                "--column", "name=ФИО", "--column", "country=country", "--column", "status=status",
                "--released-status", "Вызвалены", "--encoding", "windows-1251")).as(err.toString(StandardCharsets.UTF_8)).isZero();

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).startsWith("Roster (csv): 3 persons");
        assertThat(printed).containsPattern("\\n  BY\\s+2\\n");
        assertThat(printed).containsPattern("вызвалены\\s+1  released");
        assertThat(printed).containsPattern("у зняволенні\\s+2\\n");
        assertThat(printed).contains("persons with no country (a release of these is counted and logged, no event written): 1");
        assertThat(printed).containsPattern("3\\s+Ihar Losik");
    }

    @Test
    void aRosterWithoutItsNameColumnOrTruncatedIsNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("roster.jsonl");
        Files.writeString(file, "{\"pid\":1,\"fullName\":\"A\"}\n{\"pid\":2,\"full");
        assertThat(run("sources", "check", "--format", "json-lines", "--file", file.toString(), "--column", "id=pid")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--column name is required");
        assertThat(run("sources", "check", "--format", "json-lines", "--file", file.toString(), "--column", "id=pid",
                "--column", "name=fullName", "--country", "BY")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(" is not a complete json-lines roster: line 2 is not a complete JSON object (truncated?)");
    }
}

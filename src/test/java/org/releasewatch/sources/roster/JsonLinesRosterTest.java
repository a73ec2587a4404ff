package org.releasewatch.sources.roster;

import org.junit.jupiter.api.Test;
import org.releasewatch.sources.format.ListFormat;
import org.releasewatch.testing.Fast;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Fast
class JsonLinesRosterTest {

    private static final RosterColumns COLUMNS = new RosterColumns("pid", "fullName", "cc", null);

    private static List<RosterRow> read(String file) throws Exception {
        List<RosterRow> rows = new ArrayList<>();
        new JsonLinesRoster(COLUMNS).read(new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)), rows::add);
        return rows;
    }

    @Test
    void readsMappedFieldsOfEachLine() throws Exception {
        List<RosterRow> rows = read("\uFEFF{\"pid\":17,\"fullName\":\"Алесь Бяляцкі\",\"cc\":\"BY\",\"other\":[1]}\r\n\n"
                + "{\"pid\":\"18\",\"fullName\":\" Ihar Losik \",\"cc\":null}");
        assertThat(rows).containsExactly(new RosterRow(1, "17", "Алесь Бяляцкі", "BY", null), new RosterRow(3, "18", "Ihar Losik", null, null));
    }

    @Test
    void aCutLastLineRefusesTheVersion() {
        assertThatThrownBy(() -> read("{\"pid\":1,\"fullName\":\"A\"}\n{\"pid\":2,\"fullNa"))
                .isInstanceOf(ListFormat.MalformedListException.class).hasMessageStartingWith("line 2 is not a complete JSON object (truncated?)");
    }

    @Test
    void aFieldOfTheWrongTypeOrALineThatIsNoObjectIsNamed() {
        assertThatThrownBy(() -> read("{\"pid\":{\"x\":1},\"fullName\":\"A\"}\n")).hasMessage("line 1: \"pid\" is object, not a string or number");
        assertThatThrownBy(() -> read("[1,2]\n")).hasMessage("line 1 is not a JSON object");
        assertThatThrownBy(() -> read("\n\n")).hasMessage("the file has no rows");
    }

    @Test
    void aLineIsBoundedBeforeItIsParsed() {
        String huge = "{\"pid\":1,\"fullName\":\"" + "x".repeat(JsonLinesRoster.MAX_LINE) + "\"}";
        assertThatThrownBy(() -> read(huge)).hasMessage("line 1 is longer than 65536 characters");
    }
}

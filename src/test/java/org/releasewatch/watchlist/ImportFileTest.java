package org.releasewatch.watchlist;

import org.junit.jupiter.api.Test;
import org.releasewatch.ingest.validation.EventValidator;
import org.releasewatch.model.Priority;
import org.releasewatch.model.WatchlistEntry;
import org.releasewatch.testing.Fast;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading an uploaded list into rows (with the ingest's own checks) and planning what an import changes. */
@Fast
class ImportFileTest {

    private static final EntryCheck CHECK = new EntryCheck(new EventValidator(1 << 20, Duration.ofHours(24), Clock.systemUTC()));

    private static ImportFile.Parsed csv(String text) {
        return ImportFile.read(text.getBytes(StandardCharsets.UTF_8), ImportFile.Format.CSV, CHECK, 100_000);
    }

    @Test
    void columnsInAnyOrderWithAnyCaseAndExtraColumnsIgnored() {
        ImportFile.Parsed p = csv("Note;Name;Region;PERSON ID;priority\n\"born 1962; Nobel 2022\";Aleś Bialiacki;Minsk;viasna:1;High\n");
        assertThat(p.separator()).isEqualTo(";");
        assertThat(p.ignoredColumns()).containsExactly("Region");
        assertThat(p.invalid()).isEmpty();
        assertThat(p.entries()).containsExactly(new WatchlistEntry("viasna:1", "Aleś Bialiacki", Priority.HIGH, "born 1962; Nobel 2022"));
    }

    @Test
    void blankPriorityIsNormalAndBlankNoteIsNone() {
        assertThat(csv("personId,name,priority,note\nv:1, A ,,\n").entries())
                .containsExactly(new WatchlistEntry("v:1", "A", Priority.NORMAL, null));
    }

    @Test
    void everyInvalidRowIsReportedByLineWithTheFieldAndTheValidOnesStay() {
        String longNote = "x".repeat(1025);
        ImportFile.Parsed p = csv("personId,name,priority,note\n"
                + "v:1,A,high,\n"
                + ",No id,,\n"
                + "v:3,,normal,\n"
                + "v:4,D,urgent,\n"
                + "v:5,E,," + longNote + "\n"
                + "v:" + "9".repeat(130) + ",F,,\n"
                + "v:7,G,normal,fine\n");
        assertThat(p.entries()).extracting(WatchlistEntry::personId).containsExactly("v:1", "v:7");
        assertThat(p.invalid()).extracting(ImportFile.Row::line).containsExactly(3, 4, 5, 6, 7);
        assertThat(p.invalid()).extracting(ImportFile.Row::error).satisfiesExactly(
                e -> assertThat(e).startsWith("personId: is empty"),
                e -> assertThat(e).startsWith("name: is empty"),
                e -> assertThat(e).startsWith("priority:").contains("urgent"),
                e -> assertThat(e).startsWith("note:").contains("1024").contains("1025"),
                e -> assertThat(e).startsWith("personId:").contains("128"));
    }

    @Test
    void aPersonTwiceInOneFileIsAnErrorNamingBothLines() {
        ImportFile.Parsed p = csv("personId,name\nv:1,A\nv:2,B\nv:1,A again\n");
        assertThat(p.invalid()).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(4);
            assertThat(r.error()).contains("\"v:1\"").contains("line 2");
        });
    }

    @Test
    void aRowWithMoreValuesThanTheHeaderSaysHowToQuote() {
        ImportFile.Parsed p = csv("personId,name\nv:1,Bialiatski, Ales\n");
        assertThat(p.invalid().get(0).error()).contains("has 3 fields").contains("double quotes");
    }

    @Test
    void aHeaderWithoutPersonIdOrNameIsUnreadableAndSaysWhatItFound() {
        assertThatThrownBy(() -> csv("id,fullname\nv:1,A\n")).isInstanceOf(ImportFile.Unreadable.class)
                .hasMessageContaining("no personId column").hasMessageContaining("id,fullname");
        assertThatThrownBy(() -> csv("personId\nv:1\n")).hasMessageContaining("no name column");
        assertThatThrownBy(() -> csv("")).hasMessageContaining("empty");
    }

    @Test
    void aFileInAnotherEncodingIsRefusedWithTheLine() {
        byte[] latin1 = "personId,name\nv:1,Ale\u015b\nv:2,Jos\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> ImportFile.read(latin1, ImportFile.Format.CSV, CHECK, 10))
                .isInstanceOf(ImportFile.Unreadable.class).hasMessageContaining("not UTF-8").hasMessageContaining("line 3");
    }

    @Test
    void moreRowsThanTheListMayHoldIsRefused() {
        assertThatThrownBy(() -> ImportFile.read("personId,name\nv:1,A\nv:2,B\n".getBytes(StandardCharsets.UTF_8),
                ImportFile.Format.CSV, CHECK, 1)).hasMessageContaining("more than the 1");
    }

    @Test
    void jsonLinesAreCheckedLikeTopicRecords() {
        String lines = "{\"personId\":\"v:1\",\"name\":\"A\",\"priority\":\"high\"}\n\n"
                + "{\"personId\":\"v:2\"}\n"
                + "not json\n"
                + "{\"name\":\"no id\"}\n";
        ImportFile.Parsed p = ImportFile.read(lines.getBytes(StandardCharsets.UTF_8), ImportFile.Format.JSON_LINES, CHECK, 100);
        assertThat(p.entries()).containsExactly(new WatchlistEntry("v:1", "A", Priority.HIGH, null));
        assertThat(p.invalid()).extracting(ImportFile.Row::line).containsExactly(3, 4, 5);
        assertThat(p.invalid().get(0).error()).startsWith("name: is required");
        assertThat(p.invalid().get(1).error()).startsWith("value: is not JSON");
        assertThat(p.invalid().get(2).error()).startsWith("personId: is required");
    }

    @Test
    void thePlanSortsTheFileIntoAddedChangedUnchangedAndWithReplaceRemoved() {
        Map<String, WatchlistEntry> current = Map.of(
                "v:1", new WatchlistEntry("v:1", "A", Priority.HIGH, null),
                "v:2", new WatchlistEntry("v:2", "B", Priority.NORMAL, ""),
                "v:3", new WatchlistEntry("v:3", "C", Priority.NORMAL, null),
                "v:4", new WatchlistEntry("v:4", "D", Priority.NORMAL, null));
        List<WatchlistEntry> file = List.of(
                new WatchlistEntry("v:1", "A", Priority.NORMAL, null),
                new WatchlistEntry("v:2", "B", Priority.NORMAL, null),
                new WatchlistEntry("v:5", "E", Priority.HIGH, null));
        ImportPlan keep = ImportPlan.of(current, file, Set.of(), false);
        assertThat(keep.added()).extracting(WatchlistEntry::personId).containsExactly("v:5");
        assertThat(keep.changed()).extracting(WatchlistEntry::personId).containsExactly("v:1");
        assertThat(keep.unchanged()).as("a blank note is no note").containsExactly("v:2");
        assertThat(keep.removed()).isEmpty();
        assertThat(keep.writes()).hasSize(2);

        ImportPlan replace = ImportPlan.of(current, file, Set.of("v:4"), true);
        assertThat(replace.removed()).as("v:4's row was invalid, so it stays").containsExactly("v:3");
        assertThat(replace.writes()).last().isEqualTo(new ImportPlan.Write("v:3", null));
    }
}

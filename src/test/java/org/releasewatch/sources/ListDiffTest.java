package org.releasewatch.sources;

import org.junit.jupiter.api.Test;
import org.releasewatch.model.SanctionAction;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.sources.format.OfacSdnXml;
import org.releasewatch.testing.Fast;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract's actions from two snapshots, and the events (countries, ids) each change gives. */
@Fast
class ListDiffTest {

    private static final ChangeEvents EVENTS = new ChangeEvents(ProgrammeCountries.get());
    private static final ChangeEvents.ListContext SDN = new ChangeEvents.ListContext("ofac-sdn-xml", new OfacSdnXml(),
            "https://sanctionslistservice.ofac.treas.gov/api/download/sdn.xml", Instant.parse("2025-12-12T00:00:00Z"),
            "2025-12-12T00:00:00Z");

    private static ListEntry entry(String id, String name, List<String> programmes, List<String> addresses) {
        return new ListEntry(id, name, "company", programmes, addresses, List.of(), List.of());
    }

    @Test
    void addedRemovedProgrammeAddedAndProgrammeRemovedAreTheContractsFourActions() {
        Map<String, ListEntry> before = Map.of(
                "1", entry("1", "Belaruskali", List.of("BELARUS-EO14038"), List.of("BY")),
                "2", entry("2", "Rosneft", List.of("RUSSIA-EO14024"), List.of("RU")),
                "3", entry("3", "Salami", List.of("IRAN", "IRGC"), List.of()),
                "4", entry("4", "Renamed Co", List.of("CUBA"), List.of("CU")));
        Map<String, ListEntry> after = Map.of(
                "2", entry("2", "Rosneft", List.of("RUSSIA-EO14024", "UKRAINE-EO13662"), List.of("RU")),
                "3", entry("3", "Salami", List.of("IRGC"), List.of()),
                "4", entry("4", "Renamed Company S.A.", List.of("CUBA"), List.of("CU", "ES")),
                "5", entry("5", "Belavia", List.of("BELARUS-EO14038"), List.of("BY")));

        List<ListDiff.Change> changes = ListDiff.between(before, after);

        assertThat(changes).containsExactly(
                new ListDiff.Change(SanctionAction.LIFTED, before.get("1"), List.of("BELARUS-EO14038")),
                new ListDiff.Change(SanctionAction.EXTENDED, after.get("2"), List.of("UKRAINE-EO13662")),
                new ListDiff.Change(SanctionAction.EASED, after.get("3"), List.of("IRAN")),
                new ListDiff.Change(SanctionAction.IMPOSED, after.get("5"), List.of("BELARUS-EO14038")));
    }

    @Test
    void renamedOrMovedOnlyIsNoChange() {
        Map<String, ListEntry> before = Map.of("4", entry("4", "Old Name", List.of("CUBA"), List.of("CU")));
        Map<String, ListEntry> after = Map.of("4", entry("4", "New Name", List.of("CUBA"), List.of("ES")));
        assertThat(ListDiff.between(before, after)).isEmpty();
    }

    @Test
    void aProgrammeSwappedForAnotherIsExtendedAndEased() {
        Map<String, ListEntry> before = Map.of("9", entry("9", "X", List.of("SYRIA"), List.of()));
        Map<String, ListEntry> after = Map.of("9", entry("9", "X", List.of("IRAN"), List.of()));
        assertThat(ListDiff.between(before, after)).extracting(ListDiff.Change::action)
                .containsExactly(SanctionAction.EXTENDED, SanctionAction.EASED);
    }

    @Test
    void belaruskaliLiftedIsOneUsReliefForBelarusWithAStableId() {
        ListEntry belaruskali = new ListEntry("36001", "OPEN JOINT STOCK COMPANY BELARUSKALI", "company",
                List.of("BELARUS-EO14038"), List.of("BY"), List.of(), List.of());
        ChangeEvents.Result result = EVENTS.events(new ListDiff.Change(SanctionAction.LIFTED, belaruskali, belaruskali.programmes()), SDN);

        assertThat(result.basis()).isEqualTo("programme");
        assertThat(result.events()).hasSize(1);
        SanctionEvent event = result.events().get(0);
        assertThat(event.issuer()).isEqualTo("US");
        assertThat(event.targetCountry()).isEqualTo("BY");
        assertThat(event.action()).isEqualTo(SanctionAction.LIFTED);
        assertThat(event.target().id()).isEqualTo("ofac-sdn-xml:36001");
        assertThat(event.target().kind()).isEqualTo("company");
        assertThat(event.program()).isEqualTo("BELARUS-EO14038");
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2025-12-12T00:00:00Z"));
        assertThat(event.source().url()).isEqualTo(SDN.url());
        assertThat(event.source().name()).isEqualTo("OFAC SDN list (ofac-sdn-xml)");
        assertThat(event.eventId()).hasSizeLessThanOrEqualTo(128).startsWith("src:ofac-sdn-xml:")
                .isEqualTo(EVENTS.events(new ListDiff.Change(SanctionAction.LIFTED, belaruskali, belaruskali.programmes()), SDN)
                        .events().get(0).eventId());
        ChangeEvents.ListContext nextPublication = new ChangeEvents.ListContext(SDN.listId(), SDN.format(), SDN.url(),
                SDN.occurredAt(), "2025-12-19T00:00:00Z");
        assertThat(EVENTS.events(new ListDiff.Change(SanctionAction.LIFTED, belaruskali, belaruskali.programmes()), nextPublication)
                .events().get(0).eventId()).as("another publication is another event").isNotEqualTo(event.eventId());
    }

    @Test
    void countriesComeFromTheChangedProgrammesElseAddressElseNationality() {
        ListEntry rosneft = entry("36004", "Rosneft", List.of("RUSSIA-EO14024", "UKRAINE-EO13662"), List.of("CH", "RU"));
        assertThat(EVENTS.events(new ListDiff.Change(SanctionAction.EXTENDED, rosneft, List.of("UKRAINE-EO13662")), SDN).events())
                .extracting(SanctionEvent::targetCountry).containsExactly("RU");

        ListEntry twoProgrammes = entry("7", "Dual", List.of("BELARUS", "RUSSIA-EO14024"), List.of());
        assertThat(EVENTS.events(new ListDiff.Change(SanctionAction.IMPOSED, twoProgrammes, twoProgrammes.programmes()), SDN).events())
                .as("one event per country, each naming its own programme")
                .extracting(SanctionEvent::targetCountry, SanctionEvent::program)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("BY", "BELARUS"), org.assertj.core.groups.Tuple.tuple("RU", "RUSSIA-EO14024"));

        ListEntry thematic = entry("36007", "Al-Qard", List.of("SDGT"), List.of("LB", "SY"));
        ChangeEvents.Result byAddress = EVENTS.events(new ListDiff.Change(SanctionAction.IMPOSED, thematic, thematic.programmes()), SDN);
        assertThat(byAddress.basis()).isEqualTo("address");
        assertThat(byAddress.events()).extracting(SanctionEvent::targetCountry).containsExactly("LB", "SY");
        assertThat(byAddress.events()).extracting(SanctionEvent::eventId).doesNotHaveDuplicates();

        ListEntry person = new ListEntry("36006", "Salami", "person", List.of("SDGT"), List.of(), List.of("IR"), List.of());
        ChangeEvents.Result byNationality = EVENTS.events(new ListDiff.Change(SanctionAction.LIFTED, person, person.programmes()), SDN);
        assertThat(byNationality.basis()).isEqualTo("nationality");
        assertThat(byNationality.events()).extracting(SanctionEvent::targetCountry).containsExactly("IR");

        ListEntry nowhere = entry("36012", "Handle", List.of("CYBER2"), List.of());
        assertThat(EVENTS.events(new ListDiff.Change(SanctionAction.IMPOSED, nowhere, nowhere.programmes()), SDN).unresolved()).isTrue();
    }
}

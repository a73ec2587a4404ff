package org.releasewatch.sources;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.releasewatch.model.SanctionAction;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.sources.format.OfacSdnXml;
import org.releasewatch.testing.Fast;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The contract's actions from two snapshots, country by country (v1.2 "Sanctions list changes, exactly"), and the
 * events (countries, ids) each change gives.
 */
@Fast
class ListDiffTest {

    private static final ChangeEvents EVENTS = new ChangeEvents(ProgrammeCountries.get());
    private static final Concerns CONCERNS = EVENTS.concerns(new OfacSdnXml());
    private static final ChangeEvents.ListContext SDN = context("2025-12-12T00:00:00Z", 1);

    private static ChangeEvents.ListContext context(String publication, long version) {
        return new ChangeEvents.ListContext("ofac-sdn-xml", new OfacSdnXml(),
                "https://sanctionslistservice.ofac.treas.gov/api/download/sdn.xml", Instant.parse("2025-12-12T00:00:00Z"),
                publication, version);
    }

    private static ListEntry entry(String id, String name, List<String> programmes, List<String> addresses) {
        return new ListEntry(id, name, "company", programmes, addresses, List.of(), List.of());
    }

    private static List<Tuple> diff(ListEntry was, ListEntry now) {
        return ListDiff.between(was == null ? Map.of() : Map.of(was.id(), was), now == null ? Map.of() : Map.of(now.id(), now), CONCERNS)
                .stream().flatMap(c -> c.countries().programmes().entrySet().stream()
                        .map(e -> tuple(c.action(), e.getKey(), e.getValue())))
                .toList();
    }

    @Test
    void addedRemovedProgrammeAddedAndProgrammeRemovedAreTheContractsFourActions() {
        Map<String, ListEntry> before = Map.of(
                "1", entry("1", "Belaruskali", List.of("BELARUS-EO14038"), List.of("BY")),
                "2", entry("2", "Rosneft", List.of("RUSSIA-EO14024"), List.of("RU")),
                "3", entry("3", "Dual", List.of("IRAN", "SYRIA"), List.of()),
                "4", entry("4", "Renamed Co", List.of("CUBA"), List.of("CU")));
        Map<String, ListEntry> after = Map.of(
                "2", entry("2", "Rosneft", List.of("RUSSIA-EO14024", "UKRAINE-EO13662"), List.of("RU")),
                "3", entry("3", "Dual", List.of("SYRIA"), List.of()),
                "4", entry("4", "Renamed Company S.A.", List.of("CUBA"), List.of("CU", "ES")),
                "5", entry("5", "Belavia", List.of("BELARUS-EO14038"), List.of("BY")));

        List<ListDiff.Change> changes = ListDiff.between(before, after, CONCERNS);

        assertThat(changes).extracting(ListDiff.Change::action, c -> c.entry().id(), ListDiff.Change::programmes,
                        c -> c.countries().programmes().keySet())
                .containsExactly(
                        tuple(SanctionAction.LIFTED, "1", List.of("BELARUS-EO14038"), java.util.Set.of("BY")),
                        tuple(SanctionAction.EXTENDED, "2", List.of("UKRAINE-EO13662"), java.util.Set.of("RU")),
                        tuple(SanctionAction.EASED, "3", List.of("IRAN"), java.util.Set.of("IR")),
                        tuple(SanctionAction.IMPOSED, "5", List.of("BELARUS-EO14038"), java.util.Set.of("BY")));
    }

    @Test
    void aProgrammeRemovedWhileAnotherStillConcernsTheCountryIsNoEasing() {
        // IRGC is an Iran programme too: Salami is still sanctioned for Iran
        assertThat(diff(entry("3", "Salami", List.of("IRAN", "IRGC"), List.of()), entry("3", "Salami", List.of("IRGC"), List.of())))
                .isEmpty();
        // one Belarus programme replaced by another: more for Belarus, no relief
        assertThat(diff(entry("6", "X", List.of("BELARUS"), List.of()), entry("6", "X", List.of("BELARUS-EO14038"), List.of())))
                .containsExactly(tuple(SanctionAction.EXTENDED, "BY", List.of("BELARUS-EO14038")));
        // thematic programmes concern the entry's address country: one removed while another stays is no relief for it
        assertThat(diff(entry("7", "Al-Qard", List.of("SDGT", "SDNTK"), List.of("LB")), entry("7", "Al-Qard", List.of("SDNTK"), List.of("LB"))))
                .isEmpty();
    }

    @Test
    void easedOnlyForTheCountryNoProgrammeConcernsAnyMore() {
        ListEntry was = entry("8", "Two countries", List.of("BELARUS-EO14038", "IRAN", "IRGC"), List.of());
        // Belarus's only programme and one of Iran's two removed: EASED for Belarus alone
        assertThat(diff(was, entry("8", "Two countries", List.of("IRGC"), List.of())))
                .containsExactly(tuple(SanctionAction.EASED, "BY", List.of("BELARUS-EO14038")));
        // the last Iran programme goes as well: EASED for both
        assertThat(diff(was, entry("8", "Two countries", List.of("SDGT"), List.of())))
                .containsExactly(tuple(SanctionAction.EASED, "BY", List.of("BELARUS-EO14038")),
                        tuple(SanctionAction.EASED, "IR", List.of("IRAN", "IRGC")));
        // delisted altogether is LIFTED, never EASED
        assertThat(diff(was, null)).extracting(t -> t.toList().get(0)).containsOnly(SanctionAction.LIFTED);
    }

    @Test
    void extendedForEachCountryAnAddedProgrammeConcerns() {
        assertThat(diff(entry("9", "X", List.of("IRAN"), List.of()), entry("9", "X", List.of("IRAN", "IRGC", "BELARUS"), List.of())))
                .containsExactly(tuple(SanctionAction.EXTENDED, "BY", List.of("BELARUS")),
                        tuple(SanctionAction.EXTENDED, "IR", List.of("IRGC")));
    }

    @Test
    void renamedOrMovedOnlyIsNoChange() {
        Map<String, ListEntry> before = Map.of("4", entry("4", "Old Name", List.of("CUBA"), List.of("CU")));
        Map<String, ListEntry> after = Map.of("4", entry("4", "New Name", List.of("CUBA"), List.of("ES")));
        assertThat(ListDiff.between(before, after, CONCERNS)).isEmpty();
        ListEntry thematic = entry("10", "T", List.of("SDGT"), List.of("LB"));
        assertThat(diff(thematic, entry("10", "T", List.of("SDGT"), List.of("SY")))).as("an address moved is no measure").isEmpty();
    }

    @Test
    void aProgrammeSwappedForAnotherCountrysIsExtendedAndEased() {
        assertThat(diff(entry("9", "X", List.of("SYRIA"), List.of()), entry("9", "X", List.of("IRAN"), List.of())))
                .containsExactly(tuple(SanctionAction.EXTENDED, "IR", List.of("IRAN")), tuple(SanctionAction.EASED, "SY", List.of("SYRIA")));
    }

    @Test
    void liftReListingAndLiftAgainOnOneDayAreThreeEventsWithDistinctDeterministicIds() {
        ListEntry belaruskali = entry("36001", "BELARUSKALI", List.of("BELARUS-EO14038"), List.of("BY"));
        Map<String, ListEntry> listed = Map.of("36001", belaruskali);
        Map<String, ListEntry> delisted = Map.of();
        // four versions published on one day, the second and fourth byte-identical: version numbers tell them apart
        List<Map<String, ListEntry>> versions = List.of(listed, delisted, listed, delisted);
        List<SanctionEvent> events = new ArrayList<>();
        long version = 0;
        for (int i = 1; i < versions.size(); i++) {
            List<ListDiff.Change> changes = ListDiff.between(versions.get(i - 1), versions.get(i), CONCERNS);
            version = changes.isEmpty() ? version : version + 1;
            for (ListDiff.Change change : changes) {
                events.addAll(EVENTS.events(change, context("2025-12-12T00:00:00Z", version)).events());
            }
        }
        assertThat(events).extracting(SanctionEvent::action)
                .containsExactly(SanctionAction.LIFTED, SanctionAction.IMPOSED, SanctionAction.LIFTED);
        assertThat(events).extracting(SanctionEvent::eventId).doesNotHaveDuplicates();
        // the same version compared again (a fetch after a crash before the commit) gives the same ids
        assertThat(EVENTS.events(ListDiff.between(listed, delisted, CONCERNS).get(0), context("2025-12-12T00:00:00Z", 3)).events())
                .extracting(SanctionEvent::eventId).containsExactly(events.get(2).eventId());
        // the same version fetched again is no change at all
        assertThat(ListDiff.between(delisted, delisted, CONCERNS)).isEmpty();
        assertThat(ListDiff.between(listed, listed, CONCERNS)).isEmpty();
    }

    @Test
    void belaruskaliLiftedIsOneUsReliefForBelarusWithAStableId() {
        ListEntry belaruskali = new ListEntry("36001", "OPEN JOINT STOCK COMPANY BELARUSKALI", "company",
                List.of("BELARUS-EO14038"), List.of("BY"), List.of(), List.of());
        ChangeEvents.Result result = EVENTS.events(ListDiff.whole(SanctionAction.LIFTED, belaruskali, CONCERNS), SDN);

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
                .isEqualTo(EVENTS.events(ListDiff.whole(SanctionAction.LIFTED, belaruskali, CONCERNS), SDN).events().get(0).eventId());
        assertThat(EVENTS.events(ListDiff.whole(SanctionAction.LIFTED, belaruskali, CONCERNS), context("2025-12-19T00:00:00Z", 1))
                .events().get(0).eventId()).as("another publication is another event").isNotEqualTo(event.eventId());
    }

    @Test
    void countriesComeFromTheProgrammesElseAddressElseNationality() {
        ListEntry twoProgrammes = entry("36005", "Dual", List.of("BELARUS", "RUSSIA-EO14024"), List.of());
        assertThat(EVENTS.events(ListDiff.whole(SanctionAction.IMPOSED, twoProgrammes, CONCERNS), SDN).events())
                .as("one event per country, each naming its own programme")
                .extracting(SanctionEvent::targetCountry, SanctionEvent::program)
                .containsExactly(tuple("BY", "BELARUS"), tuple("RU", "RUSSIA-EO14024"));

        ListEntry thematic = entry("36007", "Al-Qard", List.of("SDGT"), List.of("LB", "SY"));
        ChangeEvents.Result byAddress = EVENTS.events(ListDiff.whole(SanctionAction.IMPOSED, thematic, CONCERNS), SDN);
        assertThat(byAddress.basis()).isEqualTo("address");
        assertThat(byAddress.events()).extracting(SanctionEvent::targetCountry).containsExactly("LB", "SY");
        assertThat(byAddress.events()).extracting(SanctionEvent::eventId).doesNotHaveDuplicates();

        ListEntry person = new ListEntry("36006", "Salami", "person", List.of("SDGT"), List.of(), List.of("IR"), List.of());
        ChangeEvents.Result byNationality = EVENTS.events(ListDiff.whole(SanctionAction.LIFTED, person, CONCERNS), SDN);
        assertThat(byNationality.basis()).isEqualTo("nationality");
        assertThat(byNationality.events()).extracting(SanctionEvent::targetCountry).containsExactly("IR");

        ListEntry nowhere = entry("36012", "Handle", List.of("CYBER2"), List.of());
        assertThat(EVENTS.events(ListDiff.whole(SanctionAction.IMPOSED, nowhere, CONCERNS), SDN).unresolved()).isTrue();
    }
}

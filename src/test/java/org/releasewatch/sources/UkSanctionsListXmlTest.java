package org.releasewatch.sources;

import org.junit.jupiter.api.Test;
import org.releasewatch.sources.format.UkSanctionsListXml;
import org.releasewatch.testing.Fast;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The UK fixture in the structure of the FCDO's UK Sanctions List XML. */
@Fast
class UkSanctionsListXmlTest {

    @Test
    void readsDesignationsWithTheRegimeCodeAsProgramme() throws Exception {
        ParsedList list = Fixtures.parse(new UkSanctionsListXml(), "uk-sanctions-list.xml");

        assertThat(list.entries()).hasSize(11);
        assertThat(list.publication().publishedAt()).isEqualTo(Instant.parse("2025-12-10T00:00:00Z"));
        ListEntry rosneft = list.entries().get("RUS0901");
        assertThat(rosneft.name()).isEqualTo("PJSC Rosneft Oil Company");
        assertThat(rosneft.kind()).isEqualTo("company");
        assertThat(rosneft.programmes()).containsExactly("RUS");
        assertThat(rosneft.addressCountries()).containsExactly("RU");

        ListEntry lukashenko = list.entries().get("BEL0902");
        assertThat(lukashenko.name()).isEqualTo("Alexander Grigoryevich LUKASHENKO");
        assertThat(lukashenko.kind()).isEqualTo("person");
        assertThat(lukashenko.programmes()).containsExactly("BEL");
        assertThat(lukashenko.nationalities()).containsExactly("BY");

        ListEntry ship = list.entries().get("DPR0901");
        assertThat(ship.kind()).isEqualTo("vessel");
        assertThat(ship.nationalities()).as("the flag").containsExactly("KP");
        assertThat(list.entries().get("CYB0901").nationalities()).isEmpty();
        assertThat(list.entries().values()).allSatisfy(e -> assertThat(e.unknownCountries()).isEmpty());
    }
}

package org.releasewatch.sources;

import org.junit.jupiter.api.Test;
import org.releasewatch.sources.format.ListFormat;
import org.releasewatch.sources.format.OfacSdnXml;
import org.releasewatch.testing.Fast;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SDN fixture in OFAC's sdn.xml structure, under the current and the older namespace. */
@Fast
class OfacSdnXmlTest {

    private final OfacSdnXml format = new OfacSdnXml();

    @Test
    void readsEveryEntryWithKindProgrammesAndCountries() throws Exception {
        ParsedList list = Fixtures.parse(format, "sdn.xml");

        assertThat(list.entries()).hasSize(14);
        assertThat(list.publication()).isEqualTo(new ListFormat.Publication(Instant.parse("2025-12-10T00:00:00Z"), 14));
        ListEntry belaruskali = list.entries().get("36001");
        assertThat(belaruskali.name()).isEqualTo("OPEN JOINT STOCK COMPANY BELARUSKALI");
        assertThat(belaruskali.kind()).isEqualTo("company");
        assertThat(belaruskali.programmes()).containsExactly("BELARUS-EO14038");
        assertThat(belaruskali.addressCountries()).containsExactly("BY");

        ListEntry lukashenka = list.entries().get("36003");
        assertThat(lukashenka.name()).isEqualTo("Aliaksandr Ryhoravich LUKASHENKA");
        assertThat(lukashenka.kind()).isEqualTo("person");
        assertThat(lukashenka.nationalities()).containsExactly("BY");

        assertThat(list.entries().get("36004").programmes()).containsExactly("RUSSIA-EO14024", "UKRAINE-EO13662");
        assertThat(list.entries().get("36004").addressCountries()).containsExactly("CH", "RU");
        ListEntry vessel = list.entries().get("36005");
        assertThat(vessel.kind()).isEqualTo("vessel");
        assertThat(vessel.targetKind()).isEqualTo("other");
        assertThat(vessel.nationalities()).as("the vessel's flag, \"Korea, North\"").containsExactly("KP");
        assertThat(list.entries().get("36008").nationalities()).as("citizenship").containsExactly("VE");
        assertThat(list.entries().get("36010").addressCountries()).as("\"Burma\"").containsExactly("MM");
        assertThat(list.entries().get("36013").kind()).isEqualTo("aircraft");
        assertThat(list.entries().values()).allSatisfy(e -> assertThat(e.unknownCountries()).isEmpty());
    }

    @Test
    void readsTheOlderNamespaceAlike() throws Exception {
        String old = Fixtures.text("sdn.xml").replace(
                "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML", "http://tempuri.org/sdnList.xsd");
        assertThat(Fixtures.parse(format, old.getBytes(StandardCharsets.UTF_8)).entries())
                .isEqualTo(Fixtures.parse(format, "sdn.xml").entries());
    }

    @Test
    void aCountThatDiffersFromRecordCountIsMalformed() {
        String lying = Fixtures.text("sdn.xml").replace("<Record_Count>14</Record_Count>", "<Record_Count>15</Record_Count>");
        assertThatThrownBy(() -> Fixtures.parse(format, lying.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ListFormat.MalformedListException.class)
                .hasMessage("the document declares 15 entries but has 14");
    }

    @Test
    void removingAnEntryKeepsTheFixtureValid() throws Exception {
        ParsedList without = Fixtures.parse(format,
                Fixtures.sdnWithout("36001", "12/12/2025").getBytes(StandardCharsets.UTF_8));
        assertThat(without.entries()).hasSize(13).doesNotContainKey("36001");
        assertThat(without.publication().publishedAt()).isEqualTo(Instant.parse("2025-12-12T00:00:00Z"));
        assertThat(List.copyOf(without.entries().keySet())).doesNotContain("36001");
    }
}

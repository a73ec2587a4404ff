package org.releasewatch.sources;

import org.junit.jupiter.api.Test;
import org.releasewatch.sources.format.EuFsfXml;
import org.releasewatch.testing.Fast;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The EU fixture in the Financial Sanctions Files' export structure and namespace. */
@Fast
class EuFsfXmlTest {

    @Test
    void readsEveryEntryByLogicalIdWithProgrammesAndCountries() throws Exception {
        ParsedList list = Fixtures.parse(new EuFsfXml(), "eu-fsf.xml");

        assertThat(list.entries()).hasSize(11);
        assertThat(list.publication().publishedAt()).isEqualTo(Instant.parse("2025-12-10T16:02:11.301Z"));
        assertThat(list.publication().declaredCount()).isNull();
        ListEntry belaruskali = list.entries().get("130001");
        assertThat(belaruskali.name()).isEqualTo("OAO Belaruskali");
        assertThat(belaruskali.kind()).isEqualTo("company");
        assertThat(belaruskali.programmes()).containsExactly("BLR");
        assertThat(belaruskali.addressCountries()).containsExactly("BY");

        ListEntry lukashenka = list.entries().get("130002");
        assertThat(lukashenka.kind()).isEqualTo("person");
        assertThat(lukashenka.name()).isEqualTo("Aliaksandr Ryhoravich LUKASHENKA");
        assertThat(lukashenka.nationalities()).as("citizenship, not the birth country").containsExactly("BY");

        assertThat(list.entries().get("130003").programmes()).containsExactly("RUS", "UKR");
        assertThat(list.entries().get("130006").name()).as("the strong alias first").isEqualTo("Syrian Arab Airlines");
        assertThat(list.entries().get("130010").addressCountries()).isEmpty();
        assertThat(list.entries().get("130010").unknownCountries()).containsExactly("UNKNOWN");
        assertThat(list.entries().get("130011").addressCountries()).containsExactly("KZ", "UZ");
    }
}

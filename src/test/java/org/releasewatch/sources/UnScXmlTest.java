package org.releasewatch.sources;

import org.junit.jupiter.api.Test;
import org.releasewatch.sources.format.UnScXml;
import org.releasewatch.testing.Fast;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The UN fixture in the structure of the Security Council's consolidated.xml. */
@Fast
class UnScXmlTest {

    @Test
    void readsIndividualsAndEntitiesByReferenceNumber() throws Exception {
        ParsedList list = Fixtures.parse(new UnScXml(), "un-sc.xml");

        assertThat(list.entries()).hasSize(8);
        assertThat(list.publication().publishedAt()).isEqualTo(Instant.parse("2025-12-10T08:00:04.51Z"));
        ListEntry ri = list.entries().get("KPi.033");
        assertThat(ri.name()).isEqualTo("CHOL RI");
        assertThat(ri.kind()).isEqualTo("person");
        assertThat(ri.programmes()).containsExactly("DPRK");
        assertThat(ri.nationalities()).containsExactly("KP");
        assertThat(ri.addressCountries()).containsExactly("KP");

        ListEntry komid = list.entries().get("KPe.001");
        assertThat(komid.kind()).isEqualTo("company");
        assertThat(komid.addressCountries()).containsExactly("KP");
        assertThat(list.entries().get("QDi.901").addressCountries()).containsExactly("AF", "PK");
        assertThat(list.entries().get("QDi.901").nationalities()).containsExactly("SA");
        assertThat(list.entries().get("QDe.902").addressCountries()).isEmpty();
        assertThat(list.entries().values()).allSatisfy(e -> assertThat(e.unknownCountries()).isEmpty());
    }
}

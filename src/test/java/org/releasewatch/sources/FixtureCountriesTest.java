package org.releasewatch.sources;

import org.junit.jupiter.api.Test;
import org.releasewatch.model.SanctionAction;
import org.releasewatch.sources.format.EuFsfXml;
import org.releasewatch.sources.format.ListFormat;
import org.releasewatch.sources.format.OfacSdnXml;
import org.releasewatch.sources.format.UkSanctionsListXml;
import org.releasewatch.sources.format.UnScXml;
import org.releasewatch.testing.Fast;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many entries of each fixture resolve to a country, and how (the figures the sources page reports), with
 * the programme file as shipped: every country programme of the fixtures is mapped, the thematic ones fall back.
 */
@Fast
class FixtureCountriesTest {

    private static Map<String, Integer> basis(ListFormat format, String fixture) throws Exception {
        ChangeEvents events = new ChangeEvents(ProgrammeCountries.get());
        ChangeEvents.ListContext context = new ChangeEvents.ListContext("t", format, "u", Instant.EPOCH, "p", 0);
        Map<String, Integer> basis = new TreeMap<>();
        for (ListEntry e : Fixtures.parse(format, fixture).entries().values()) {
            ChangeEvents.Result r = events.events(ListDiff.whole(SanctionAction.IMPOSED, e, events.concerns(format)), context);
            basis.merge(r.unresolved() ? "unresolved" : r.basis(), 1, Integer::sum);
        }
        return basis;
    }

    @Test
    void sdn() throws Exception {
        assertThat(basis(new OfacSdnXml(), "sdn.xml")).isEqualTo(Map.of("programme", 12, "address", 1, "unresolved", 1));
    }

    @Test
    void eu() throws Exception {
        assertThat(basis(new EuFsfXml(), "eu-fsf.xml")).isEqualTo(Map.of("programme", 9, "address", 1, "unresolved", 1));
    }

    @Test
    void un() throws Exception {
        assertThat(basis(new UnScXml(), "un-sc.xml")).isEqualTo(Map.of("programme", 5, "address", 2, "unresolved", 1));
    }

    @Test
    void uk() throws Exception {
        assertThat(basis(new UkSanctionsListXml(), "uk-sanctions-list.xml"))
                .isEqualTo(Map.of("programme", 9, "nationality", 1, "unresolved", 1));
    }
}

package org.releasewatch.rules;

import org.junit.jupiter.api.Test;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Person;
import org.releasewatch.model.Priority;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.SanctionAction;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.model.SanctionTarget;
import org.releasewatch.model.Source;
import org.releasewatch.model.WatchlistEntry;
import org.releasewatch.testing.Fast;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasewatch.rules.RulesDriver.release;

/**
 * Each rule's {@code details} byte for byte, with every optional field set and with every one absent: field names,
 * their order and the nulls are what readers of the alerts topic parse, so they are pinned as the rules wrote them
 * before details became records.
 */
@Fast
class DetailsJsonTest {

    private static final Source VIASNA = new Source("Viasna", "https://spring96.org");

    private static String details(List<Alert> alerts, AlertRule rule) {
        return alerts.stream().filter(a -> a.rule() == rule).map(a -> Json.string(a.details())).findFirst().orElseThrow();
    }

    private static SanctionEvent relief(String agreement, SanctionTarget target, String sector, String program) {
        return new SanctionEvent("ofac-1", Instant.parse("2025-12-13T15:00:00Z"), "US", "BY", SanctionAction.LIFTED, target,
                sector, program, agreement, new Source("US Treasury OFAC", "https://ofac.treasury.gov"));
    }

    @Test
    void aWatchlistReleaseWithEveryField() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.watch(new WatchlistEntry("viasna:1", "Ales Bialiatski", Priority.HIGH, "Nobel laureate"));
            rules.release(new ReleaseEvent("r-1", Instant.parse("2025-12-13T08:00:00Z"), "BY",
                    new Person("viasna:1", "Ales Bialiatski", List.of("human rights defender", "Viasna")),
                    List.of("smuggling", "tax evasion"), "LT", "us-by", VIASNA));
            assertThat(details(rules.alerts(), AlertRule.WATCHLIST_RELEASE)).isEqualTo("{\"person\":{\"id\":\"viasna:1\","
                    + "\"name\":\"Ales Bialiatski\",\"tags\":[\"human rights defender\",\"Viasna\"]},\"priority\":\"high\","
                    + "\"transferredTo\":\"LT\",\"charges\":[\"smuggling\",\"tax evasion\"],\"note\":\"Nobel laureate\","
                    + "\"agreement\":\"us-by\",\"corroboration\":\"single-source\"}");
        }
    }

    @Test
    void aWatchlistReleaseWithoutTheOptionalFields() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.watch(new WatchlistEntry("viasna:2", "Maria Kalesnikava", null, null));
            rules.release(new ReleaseEvent("r-2", Instant.parse("2025-12-13T08:00:00Z"), "BY",
                    new Person("viasna:2", "Maria Kalesnikava", null), null, null, null, VIASNA));
            assertThat(details(rules.alerts(), AlertRule.WATCHLIST_RELEASE)).isEqualTo("{\"person\":{\"id\":\"viasna:2\","
                    + "\"name\":\"Maria Kalesnikava\",\"tags\":[]},\"priority\":\"normal\",\"transferredTo\":null,"
                    + "\"charges\":[],\"note\":null,\"agreement\":null,\"corroboration\":\"single-source\"}");
        }
    }

    @Test
    void aMassRelease() {
        try (RulesDriver rules = new RulesDriver()) {
            for (int i = 0; i < 10; i++) {
                rules.release(release("r-" + i, "2025-12-13T08:0" + i + ":00Z", "BY", "p" + i, i < 3 ? "UA" : i < 4 ? null : "LT"));
            }
            assertThat(details(rules.alerts(), AlertRule.MASS_RELEASE)).isEqualTo("{\"threshold\":10,\"count\":10,"
                    + "\"windowStart\":\"2025-12-13T00:00:00Z\",\"windowEnd\":\"2025-12-14T00:00:00Z\","
                    + "\"byDestination\":{\"LT\":6,\"UA\":3,\"unknown\":1},\"corroborated\":0}");
        }
    }

    @Test
    void aSanctionsChangeWithEveryFieldAndAReliefLinkedByItsAgreement() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.release(release("r-1", "2025-12-13T08:00:00Z", "BY", "p1", "LT", "us-by", VIASNA));
            rules.sanction(relief("us-by", new SanctionTarget("ofac:belaruskali", "Belaruskali", "company"), "potash", "BELARUS-EO14038"));
            List<Alert> alerts = rules.alerts();
            assertThat(details(alerts, AlertRule.SANCTIONS_CHANGE)).isEqualTo("{\"issuer\":\"US\",\"action\":\"LIFTED\","
                    + "\"target\":{\"id\":\"ofac:belaruskali\",\"name\":\"Belaruskali\",\"kind\":\"company\"},"
                    + "\"sector\":\"potash\",\"program\":\"BELARUS-EO14038\",\"agreement\":\"us-by\"}");
            assertThat(details(alerts, AlertRule.LINKED_RELIEF)).isEqualTo("{\"sanction\":{\"eventId\":\"ofac-1\","
                    + "\"issuer\":\"US\",\"action\":\"LIFTED\",\"target\":{\"id\":\"ofac:belaruskali\",\"name\":\"Belaruskali\","
                    + "\"kind\":\"company\"},\"sector\":\"potash\"},\"releaseCount\":1,\"agreement\":\"us-by\","
                    + "\"confidence\":\"high\"}");
        }
    }

    @Test
    void aSanctionsChangeAndALinkedReliefWithoutTheOptionalFields() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.release(release("r-1", "2025-12-13T08:00:00Z", "BY", "p1", null));
            rules.sanction(relief(null, new SanctionTarget("ofac:x", "X", null), null, null));
            List<Alert> alerts = rules.alerts();
            assertThat(details(alerts, AlertRule.SANCTIONS_CHANGE)).isEqualTo("{\"issuer\":\"US\",\"action\":\"LIFTED\","
                    + "\"target\":{\"id\":\"ofac:x\",\"name\":\"X\",\"kind\":null},\"sector\":null,\"program\":null,"
                    + "\"agreement\":null}");
            assertThat(details(alerts, AlertRule.LINKED_RELIEF)).isEqualTo("{\"sanction\":{\"eventId\":\"ofac-1\","
                    + "\"issuer\":\"US\",\"action\":\"LIFTED\",\"target\":{\"id\":\"ofac:x\",\"name\":\"X\",\"kind\":null},"
                    + "\"sector\":null},\"releaseCount\":1,\"agreement\":null,\"confidence\":\"medium\"}");
        }
    }
}

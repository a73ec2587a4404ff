package org.releasewatch.rules;

import org.junit.jupiter.api.Test;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.SanctionAction;
import org.releasewatch.model.Severity;
import org.releasewatch.testing.Fast;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.releasewatch.rules.RulesDriver.sanction;

@Fast
class SanctionsChangeRuleTest {

    private static List<Alert> changes(List<Alert> alerts) {
        return alerts.stream().filter(a -> a.rule() == AlertRule.SANCTIONS_CHANGE).toList();
    }

    @Test
    void aLiftedSanctionIsAWarningAboutItsTargetCountry() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.sanction(sanction("ofac-1", "2025-12-13T15:00:00Z", SanctionAction.LIFTED, "us-by"));
            Alert a = changes(rules.alerts()).get(0);
            assertThat(a.severity()).isEqualTo(Severity.WARNING);
            assertThat(a.country()).isEqualTo("BY");
            assertThat(a.title()).isEqualTo("US lifted sanctions on Belaruskali (Belarus)");
            assertThat(a.details().toString()).isEqualTo("{\"issuer\":\"US\",\"action\":\"LIFTED\",\"target\":{\"id\":"
                    + "\"ofac:belaruskali\",\"name\":\"Belaruskali\",\"kind\":\"company\"},\"sector\":\"potash\","
                    + "\"program\":\"BELARUS-EO14038\",\"agreement\":\"us-by\"}");
            assertThat(a.evidence().eventIds()).containsExactly("ofac-1");
        }
    }

    @Test
    void easedIsReliefImposedAndExtendedAreInfo() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.sanction(sanction("s-1", "2025-12-01T15:00:00Z", SanctionAction.EASED, null))
                    .sanction(sanction("s-2", "2025-12-02T15:00:00Z", SanctionAction.IMPOSED, null))
                    .sanction(sanction("s-3", "2025-12-03T15:00:00Z", SanctionAction.EXTENDED, null));
            assertThat(changes(rules.alerts())).extracting(Alert::severity)
                    .containsExactly(Severity.WARNING, Severity.INFO, Severity.INFO);
        }
    }

    @Test
    void oneAlertPerIssuerTargetActionAndDay() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.sanction(sanction("ofac-1", "2025-12-13T15:00:00Z", SanctionAction.IMPOSED, null))
                    .sanction(sanction("ofac-1", "2025-12-13T15:00:00Z", SanctionAction.IMPOSED, null))
                    .sanction(sanction("ofac-2", "2025-12-13T18:00:00Z", SanctionAction.IMPOSED, null))
                    .sanction(sanction("ofac-3", "2025-12-14T09:00:00Z", SanctionAction.IMPOSED, null));
            assertThat(changes(rules.alerts())).extracting(a -> a.evidence().eventIds().get(0)).containsExactly("ofac-1", "ofac-3");
        }
    }

    @Test
    void sanctionsFarAheadOfTheReleasesDoNotMakeTheirAlertsTooOldToEmit() {
        try (RulesDriver rules = new RulesDriver()) {
            // a backfill: the sanctions topic is read far ahead (beyond the 400-day dedup retention)
            rules.sanction(sanction("ofac-late", "2027-03-01T15:00:00Z", SanctionAction.IMPOSED, null));
            rules.watch("viasna:1", "Ales Bialiatski", org.releasewatch.model.Priority.HIGH)
                    .release(RulesDriver.release("r-1", "2025-12-13T10:00:00Z", "BY", "viasna:1", "LT"));
            assertThat(rules.alerts()).extracting(a -> a.rule().name()).containsExactly("SANCTIONS_CHANGE", "WATCHLIST_RELEASE");
            assertThat(rules.tooOld).isEmpty();
        }
    }

    @Test
    void aLiftAReListingAndALiftAgainOnOneDayAreThreeAlertsTheFirstWithItsV11Id() {
        try (RulesDriver rules = new RulesDriver()) {
            // three versions of a list published on one day: each event's occurredAt is the day the list names
            rules.sanction(sanction("v2", "2025-12-12T00:00:00Z", SanctionAction.LIFTED, null))
                    .sanction(sanction("v3", "2025-12-12T00:00:00Z", SanctionAction.IMPOSED, null))
                    .sanction(sanction("v4", "2025-12-12T00:00:00Z", SanctionAction.LIFTED, null));
            List<Alert> alerts = changes(rules.alerts());
            assertThat(alerts).extracting(a -> a.details().path("action").asText()).containsExactly("LIFTED", "IMPOSED", "LIFTED");
            assertThat(alerts).extracting(a -> a.evidence().eventIds().get(0)).containsExactly("v2", "v3", "v4");
            assertThat(alerts).extracting(Alert::id).doesNotHaveDuplicates();
            assertThat(alerts.get(0).id()).isEqualTo(AlertIds.of(AlertRule.SANCTIONS_CHANGE, "US", "ofac:belaruskali", "LIFTED", "2025-12-12"));
            assertThat(alerts.get(1).id()).isEqualTo(AlertIds.of(AlertRule.SANCTIONS_CHANGE, "US", "ofac:belaruskali", "IMPOSED", "2025-12-12"));

            // each report again, after a restart: nothing new
            rules.restart()
                    .sanction(sanction("v2", "2025-12-12T00:00:00Z", SanctionAction.LIFTED, null))
                    .sanction(sanction("v3", "2025-12-12T00:00:00Z", SanctionAction.IMPOSED, null))
                    .sanction(sanction("v4", "2025-12-12T00:00:00Z", SanctionAction.LIFTED, null));
            assertThat(changes(rules.alerts())).isEmpty();

            // a re-listing and a lift once more: the fourth and fifth occurrences
            rules.sanction(sanction("v5", "2025-12-12T00:00:00Z", SanctionAction.IMPOSED, null))
                    .sanction(sanction("v6", "2025-12-12T00:00:00Z", SanctionAction.LIFTED, null));
            assertThat(changes(rules.alerts())).extracting(a -> a.evidence().eventIds().get(0)).containsExactly("v5", "v6");
        }
    }

    @Test
    void twoSourcesReportingOneLiftAreOneAlertEvenAroundAnotherIssuersChange() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.sanction(sanction("ofac-1", "2025-12-13T15:00:00Z", SanctionAction.LIFTED, null))
                    .sanction(new org.releasewatch.model.SanctionEvent("eu-1", java.time.Instant.parse("2025-12-13T16:00:00Z"),
                            "EU", "BY", SanctionAction.IMPOSED, new org.releasewatch.model.SanctionTarget("ofac:belaruskali",
                            "Belaruskali", "company"), "potash", null, null, new org.releasewatch.model.Source("EU", null)))
                    .sanction(sanction("press-1", "2025-12-13T17:00:00Z", SanctionAction.LIFTED, null));
            assertThat(changes(rules.alerts())).extracting(a -> a.evidence().eventIds().get(0)).containsExactly("ofac-1", "eu-1");
        }
    }
}

package org.releasewatch.rules;

import org.junit.jupiter.api.Test;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.MsgType;
import org.releasewatch.model.Priority;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.SanctionAction;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.model.Source;
import org.releasewatch.testing.Fast;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retractions in the rules (contract v1.2, "Alerts that evolve", step 4): a withdrawn report no longer counts
 * anywhere; what it undermines gets a {@code cancel} or an {@code update}; a retraction that comes first keeps its
 * report from firing; a later report revives a cancelled thread.
 */
@Fast
class RetractionsTest {

    static ReleaseEvent retracted(ReleaseEvent r) {
        return new ReleaseEvent(r.eventId(), r.occurredAt(), r.country(), r.person(), r.charges(), r.transferredTo(),
                r.agreement(), r.source(), true, "reported in error");
    }

    static SanctionEvent retracted(SanctionEvent s) {
        return new SanctionEvent(s.eventId(), s.occurredAt(), s.issuer(), s.targetCountry(), s.action(), s.target(),
                s.sector(), s.program(), s.agreement(), s.source(), true, null);
    }

    private static final Source RFE = new Source("RFE/RL", "https://www.rferl.org");

    private static List<Alert> of(List<Alert> alerts, AlertRule rule) {
        return alerts.stream().filter(a -> a.rule() == rule).toList();
    }

    @Test
    void retractionsAloneFireNoRule() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.watch("viasna:1", "Ales Bialiatski", Priority.HIGH);
            for (int i = 1; i <= 10; i++) {
                rules.release(retracted(RulesDriver.release("r-" + i, "2025-12-13T08:00:00Z", "BY", "viasna:" + i, "LT")));
            }
            rules.sanction(retracted(RulesDriver.sanction("s-1", "2025-12-13T07:00:00Z", SanctionAction.LIFTED, null)));
            assertThat(rules.alerts()).isEmpty();
        }
    }

    @Test
    void aRetractionThatComesFirstKeepsItsReportFromFiring() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.watch("viasna:1", "Ales Bialiatski", Priority.HIGH);
            ReleaseEvent bialiatski = RulesDriver.release("r-1", "2025-12-13T08:00:00Z", "BY", "viasna:1", "LT");
            rules.release(retracted(bialiatski));
            for (int i = 2; i <= 10; i++) {
                rules.release(RulesDriver.release("r-" + i, "2025-12-13T08:00:00Z", "BY", "viasna:" + i, "LT"));
            }
            rules.release(bialiatski);
            SanctionEvent lift = RulesDriver.sanction("s-1", "2025-12-13T07:00:00Z", SanctionAction.LIFTED, null);
            rules.sanction(retracted(lift)).sanction(lift);
            // nine persons stand: no MASS_RELEASE; the withdrawn report of the watched person fires nothing
            assertThat(rules.alerts()).isEmpty();
            rules.release(RulesDriver.release("r-11", "2025-12-13T09:00:00Z", "BY", "viasna:11", "LT"));
            assertThat(rules.alerts()).extracting(Alert::rule).containsExactly(AlertRule.MASS_RELEASE);
        }
    }

    @Test
    void aWatchlistReleaseWhoseOnlyReportIsWithdrawnIsCancelledAndALaterReportRevivesIt() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.watch("viasna:1", "Ales Bialiatski", Priority.HIGH);
            ReleaseEvent first = RulesDriver.release("r-1", "2025-12-13T08:00:00Z", "BY", "viasna:1", "LT");
            rules.release(first);
            Alert alert = of(rules.alerts(), AlertRule.WATCHLIST_RELEASE).get(0);

            rules.release(retracted(first));
            List<Alert> cancel = of(rules.alerts(), AlertRule.WATCHLIST_RELEASE);
            assertThat(cancel).hasSize(1);
            assertThat(cancel.get(0).type()).isEqualTo(MsgType.CANCEL);
            assertThat(cancel.get(0).id()).isEqualTo(MessageIds.of(alert.id(), "withdrawn:r-1"));
            assertThat(cancel.get(0).threadId()).isEqualTo(alert.id());
            assertThat(cancel.get(0).references()).containsExactly(alert.id());
            assertThat(cancel.get(0).change()).startsWith("report withdrawn by its source");

            // the same report again is withdrawn for good; another report of that day revives the thread
            rules.release(first).release(retracted(first));
            assertThat(rules.alerts()).isEmpty();
            rules.release(RulesDriver.release("r-2", "2025-12-13T10:00:00Z", "BY", "viasna:1", "LT", null, RFE));
            List<Alert> revived = rules.alerts();
            assertThat(of(revived, AlertRule.WATCHLIST_RELEASE)).singleElement().satisfies(update -> {
                assertThat(update.type()).isEqualTo(MsgType.UPDATE);
                assertThat(update.id()).isEqualTo(MessageIds.of(alert.id(), "revived:r-2"));
                assertThat(update.references()).containsExactly(alert.id(), cancel.get(0).id());
                assertThat(update.evidence().eventIds()).containsExactly("r-2");
            });
        }
    }

    @Test
    void aCorroboratedPersonBackToOneSourceGetsAnUpdate() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.watch("viasna:1", "Ales Bialiatski", Priority.HIGH);
            rules.release(RulesDriver.release("r-1", "2025-12-13T08:00:00Z", "BY", "viasna:1", "LT"));
            ReleaseEvent second = RulesDriver.release("r-2", "2025-12-13T09:00:00Z", "BY", "viasna:1", "LT", null, RFE);
            rules.release(second);
            List<Alert> thread = of(rules.alerts(), AlertRule.WATCHLIST_RELEASE);
            assertThat(thread).extracting(Alert::type).containsExactly(MsgType.ALERT, MsgType.UPDATE);

            rules.release(retracted(second));
            List<Alert> back = of(rules.alerts(), AlertRule.WATCHLIST_RELEASE);
            assertThat(back).singleElement().satisfies(update -> {
                assertThat(update.type()).isEqualTo(MsgType.UPDATE);
                assertThat(update.id()).isEqualTo(MessageIds.of(thread.get(0).id(), "single-source:r-2"));
                assertThat(update.references()).containsExactly(thread.get(0).id(), thread.get(1).id());
                assertThat(update.details().get("corroboration").asText()).isEqualTo("single-source");
                assertThat(update.change()).startsWith("report withdrawn by its source");
            });
        }
    }

    @Test
    void tenIranianReleasesAndOneWithdrawnCancelTheThresholdOfTen() {
        try (RulesDriver rules = new RulesDriver()) {
            for (int i = 1; i <= 10; i++) {
                rules.release(RulesDriver.release("ir-" + i, "2025-06-02T0" + (i % 10) + ":00:00Z", "IR", "hrana:" + i, null));
            }
            Alert ten = of(rules.alerts(), AlertRule.MASS_RELEASE).get(0);
            assertThat(ten.details().get("count").asInt()).isEqualTo(10);

            rules.release(retracted(RulesDriver.release("ir-4", "2025-06-02T04:00:00Z", "IR", "hrana:4", null)));
            List<Alert> cancel = of(rules.alerts(), AlertRule.MASS_RELEASE);
            assertThat(cancel).singleElement().satisfies(c -> {
                assertThat(c.type()).isEqualTo(MsgType.CANCEL);
                assertThat(c.id()).isEqualTo(MessageIds.of(ten.id(), "withdrawn:ir-4"));
                assertThat(c.references()).containsExactly(ten.id());
                assertThat(c.details().get("count").asInt()).isEqualTo(9);
                assertThat(c.details().get("threshold").asInt()).isEqualTo(10);
            });

            // a tenth person again: the threshold holds once more, an update of the same thread
            rules.release(RulesDriver.release("ir-11", "2025-06-02T11:00:00Z", "IR", "hrana:11", null));
            assertThat(of(rules.alerts(), AlertRule.MASS_RELEASE)).singleElement().satisfies(u -> {
                assertThat(u.type()).isEqualTo(MsgType.UPDATE);
                assertThat(u.id()).isEqualTo(MessageIds.of(ten.id(), "threshold:10:ir-11"));
                assertThat(u.references()).containsExactly(ten.id(), cancel.get(0).id());
                assertThat(u.details().get("count").asInt()).isEqualTo(10);
            });
        }
    }

    @Test
    void aWithdrawnSanctionCancelsItsSanctionsChangeAndItsLinkedRelief() {
        try (RulesDriver rules = new RulesDriver()) {
            SanctionEvent lift = RulesDriver.sanction("s-1", "2025-12-13T07:00:00Z", SanctionAction.LIFTED, null);
            rules.sanction(lift).release(RulesDriver.release("r-1", "2025-12-13T08:00:00Z", "BY", "viasna:1", "LT"));
            List<Alert> first = rules.alerts();
            Alert change = of(first, AlertRule.SANCTIONS_CHANGE).get(0);
            Alert linked = of(first, AlertRule.LINKED_RELIEF).get(0);

            rules.sanction(retracted(lift));
            List<Alert> cancels = rules.alerts();
            assertThat(cancels).extracting(Alert::type).containsOnly(MsgType.CANCEL);
            assertThat(of(cancels, AlertRule.SANCTIONS_CHANGE)).singleElement().satisfies(c -> {
                assertThat(c.id()).isEqualTo(MessageIds.of(change.id(), "withdrawn:s-1"));
                assertThat(c.references()).containsExactly(change.id());
            });
            assertThat(of(cancels, AlertRule.LINKED_RELIEF)).singleElement().satisfies(c -> {
                assertThat(c.id()).isEqualTo(MessageIds.of(linked.id(), "withdrawn:s-1"));
                assertThat(c.references()).containsExactly(linked.id());
            });
            // no more messages of the withdrawn relief's thread
            rules.release(RulesDriver.release("r-2", "2025-12-13T09:00:00Z", "BY", "viasna:2", "LT"));
            assertThat(of(rules.alerts(), AlertRule.LINKED_RELIEF)).isEmpty();
        }
    }

    @Test
    void aLinkedReliefWithFewerPersonsGetsAnUpdateAndWithNoneACancel() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.sanction(RulesDriver.sanction("s-1", "2025-12-13T07:00:00Z", SanctionAction.LIFTED, null));
            for (int i = 1; i <= 10; i++) {
                rules.release(RulesDriver.release("r-" + i, "2025-12-13T08:00:00Z", "BY", "viasna:" + i, "LT"));
            }
            List<Alert> thread = of(rules.alerts(), AlertRule.LINKED_RELIEF);
            assertThat(thread).extracting(a -> a.details().get("releaseCount").asInt()).containsExactly(1, 10);

            rules.release(retracted(RulesDriver.release("r-3", "2025-12-13T08:00:00Z", "BY", "viasna:3", "LT")));
            assertThat(of(rules.alerts(), AlertRule.LINKED_RELIEF)).singleElement().satisfies(u -> {
                assertThat(u.type()).isEqualTo(MsgType.UPDATE);
                assertThat(u.id()).isEqualTo(MessageIds.of(thread.get(0).id(), "withdrawn:r-3"));
                assertThat(u.references()).containsExactly(thread.get(0).id(), thread.get(1).id());
                assertThat(u.details().get("releaseCount").asInt()).isEqualTo(9);
                assertThat(u.change()).isEqualTo("9 releases, was 10: report withdrawn by its source (reported in error)");
            });
        }
        try (RulesDriver rules = new RulesDriver()) {
            rules.sanction(RulesDriver.sanction("s-1", "2025-12-13T07:00:00Z", SanctionAction.LIFTED, null));
            ReleaseEvent only = RulesDriver.release("r-1", "2025-12-13T08:00:00Z", "BY", "viasna:1", "LT");
            rules.release(only);
            Alert alert = of(rules.alerts(), AlertRule.LINKED_RELIEF).get(0);
            rules.release(retracted(only));
            assertThat(of(rules.alerts(), AlertRule.LINKED_RELIEF)).singleElement().satisfies(c -> {
                assertThat(c.type()).isEqualTo(MsgType.CANCEL);
                assertThat(c.id()).isEqualTo(MessageIds.of(alert.id(), "withdrawn:r-1"));
                assertThat(c.details().get("releaseCount").asInt()).isZero();
            });
        }
    }

    @Test
    void aRetractionOfAReportThatNeverComesEmitsNothingAndExpiresWithTheLateness() {
        try (RulesDriver rules = new RulesDriver()) {
            rules.release(retracted(RulesDriver.release("ghost", "2025-12-13T08:00:00Z", "BY", "viasna:9", "LT")));
            assertThat(RulesDriverStores.count(rules, RetractionGate.BY_COUNTRY_STORE)).isEqualTo(1);
            assertThat(RulesDriverStores.count(rules, RetractionGate.BY_PERSON_STORE)).isEqualTo(1);
            // both clocks move far past the retraction's time and the lateness
            rules.release(RulesDriver.release("later", "2026-02-13T08:00:00Z", "BY", "viasna:9", "LT"));
            rules.purge().purge();
            assertThat(rules.alerts()).isEmpty();
            assertThat(RulesDriverStores.count(rules, RetractionGate.BY_COUNTRY_STORE)).isZero();
            assertThat(RulesDriverStores.count(rules, RetractionGate.BY_PERSON_STORE)).isZero();
        }
    }
}

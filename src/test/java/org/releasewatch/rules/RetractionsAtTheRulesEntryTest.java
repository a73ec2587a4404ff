package org.releasewatch.rules;

import org.junit.jupiter.api.Test;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Priority;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.SanctionAction;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.testing.Fast;

import static org.assertj.core.api.Assertions.assertThat;

/** A retraction reaching today's rules is no report: it fires nothing and counts for nothing. */
@Fast
class RetractionsAtTheRulesEntryTest {

    private static ReleaseEvent retracted(ReleaseEvent r) {
        return new ReleaseEvent(r.eventId(), r.occurredAt(), r.country(), r.person(), r.charges(), r.transferredTo(),
                r.agreement(), r.source(), true, "reported in error");
    }

    private static SanctionEvent retracted(SanctionEvent s) {
        return new SanctionEvent(s.eventId(), s.occurredAt(), s.issuer(), s.targetCountry(), s.action(), s.target(),
                s.sector(), s.program(), s.agreement(), s.source(), true, null);
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
    void retractionsCountForNothingWhenTheReportsCome() {
        try (RulesDriver rules = new RulesDriver()) {
            for (int i = 1; i <= 9; i++) {
                rules.release(RulesDriver.release("r-" + i, "2025-12-13T08:00:00Z", "BY", "viasna:" + i, "LT"));
            }
            // a tenth person only in a retraction: MASS_RELEASE threshold 10 must not be reached
            rules.release(retracted(RulesDriver.release("r-10", "2025-12-13T08:30:00Z", "BY", "viasna:10", "LT")));
            assertThat(rules.alerts()).isEmpty();
            rules.release(RulesDriver.release("r-11", "2025-12-13T09:00:00Z", "BY", "viasna:11", "LT"));
            assertThat(rules.alerts()).extracting(Alert::rule).containsExactly(AlertRule.MASS_RELEASE);
        }
    }
}

package org.releasewatch.rules;

import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.model.Severity;
import org.releasewatch.model.details.SanctionsChangeDetails;

import java.util.List;
import java.util.Locale;

/**
 * SANCTIONS_CHANGE: every sanctions change; {@code warning} for relief (LIFTED, EASED), else
 * {@code info}. One per issuer, target, action and UTC day.
 */
final class SanctionsChangeRule {

    private SanctionsChangeRule() {
    }

    /** The rule's unit: sanctions by country in, one alert out for each; no state. */
    static RuleUnit<SanctionEvent> unit(RuleSetup setup) {
        return new RuleUnit<>(AlertRule.SANCTIONS_CHANGE, RuleInputs::sanctions, StoredSupplier.of(
                () -> new ContextualProcessor<String, SanctionEvent, String, Alert>() {
                    @Override
                    public void process(Record<String, SanctionEvent> record) {
                        context().forward(record.withValue(alert(record.value())));
                    }
                }, List.of()));
    }

    static Alert alert(SanctionEvent s) {
        SanctionsChangeDetails details = new SanctionsChangeDetails(s.issuer(), s.action().name(), s.target(), s.sector(),
                s.program(), s.agreement());
        return new Alert(Alert.SCHEMA, id(AlertRule.SANCTIONS_CHANGE, s),
                AlertRule.SANCTIONS_CHANGE, s.action().isRelief() ? Severity.WARNING : Severity.INFO, s.targetCountry(),
                title(s) + " (" + Wording.country(s.targetCountry()) + ")", s.occurredAt(), null,
                Evidences.of(s.eventId(), s.source()), details.json());
    }

    /** The contract's dedup key of a sanction, for SANCTIONS_CHANGE and LINKED_RELIEF alike. */
    static String id(AlertRule rule, SanctionEvent s) {
        return AlertIds.of(rule, s.issuer(), s.target().id(), s.action().name(), Wording.utcDate(s.occurredAt()));
    }

    /** e.g. {@code US lifted sanctions on Belaruskali}. */
    static String title(SanctionEvent s) {
        return s.issuer() + " " + s.action().name().toLowerCase(Locale.ROOT) + " sanctions on " + s.target().name();
    }
}

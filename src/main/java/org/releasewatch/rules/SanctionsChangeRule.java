package org.releasewatch.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.model.Severity;

import java.util.Locale;

/**
 * SANCTIONS_CHANGE: every sanctions change; {@code warning} for relief (LIFTED, EASED), else
 * {@code info}. One per issuer, target, action and UTC day.
 */
final class SanctionsChangeRule {

    private SanctionsChangeRule() {
    }

    static Alert alert(SanctionEvent s) {
        ObjectNode details = Json.MAPPER.createObjectNode()
                .put("issuer", s.issuer())
                .put("action", s.action().name());
        details.set("target", target(s));
        details.put("sector", s.sector());
        details.put("program", s.program());
        details.put("agreement", s.agreement());
        return new Alert(Alert.SCHEMA, id(AlertRule.SANCTIONS_CHANGE, s),
                AlertRule.SANCTIONS_CHANGE, s.action().isRelief() ? Severity.WARNING : Severity.INFO, s.targetCountry(),
                title(s) + " (" + Wording.country(s.targetCountry()) + ")", s.occurredAt(), null,
                Evidences.of(s.eventId(), s.source()), details);
    }

    /** The contract's dedup key of a sanction, for SANCTIONS_CHANGE and LINKED_RELIEF alike. */
    static String id(AlertRule rule, SanctionEvent s) {
        return AlertIds.of(rule, s.issuer(), s.target().id(), s.action().name(), Wording.utcDate(s.occurredAt()));
    }

    /** e.g. {@code US lifted sanctions on Belaruskali}. */
    static String title(SanctionEvent s) {
        return s.issuer() + " " + s.action().name().toLowerCase(Locale.ROOT) + " sanctions on " + s.target().name();
    }

    static ObjectNode target(SanctionEvent s) {
        return Json.MAPPER.createObjectNode()
                .put("id", s.target().id())
                .put("name", s.target().name())
                .put("kind", s.target().kind());
    }
}

package org.releasewatch.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Priority;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.Severity;
import org.releasewatch.model.WatchlistEntry;

/**
 * WATCHLIST_RELEASE: a release of a person on the watchlist (joined with the watchlist table by person
 * id; a removed person is not in it). {@code critical} for priority high, else {@code warning}. One
 * alert per person and UTC day of the release (AlertOnce drops the rest).
 */
final class WatchlistReleaseRule {

    private WatchlistReleaseRule() {
    }

    static Alert alert(ReleaseEvent release, WatchlistEntry watched) {
        String country = release.country();
        ObjectNode person = Json.MAPPER.createObjectNode()
                .put("id", release.person().id())
                .put("name", release.person().name());
        person.set("tags", Json.tree(release.person().tags()));
        ObjectNode details = Json.MAPPER.createObjectNode();
        details.set("person", person);
        details.put("priority", watched.priority() == Priority.HIGH ? "high" : "normal");
        details.put("transferredTo", release.transferredTo());
        details.set("charges", Json.tree(release.charges()));
        details.put("note", watched.note());
        details.put("agreement", release.agreement());
        String title = release.person().name() + " released from detention in " + Wording.country(country)
                + (release.transferredTo() == null ? "" : ", transferred to " + Wording.country(release.transferredTo()));
        return new Alert(Alert.SCHEMA,
                AlertIds.of(AlertRule.WATCHLIST_RELEASE, release.person().id(), Wording.utcDate(release.occurredAt())),
                AlertRule.WATCHLIST_RELEASE, watched.priority() == Priority.HIGH ? Severity.CRITICAL : Severity.WARNING,
                country, title, release.occurredAt(), null, Evidences.of(release.eventId(), release.source()), details);
    }
}

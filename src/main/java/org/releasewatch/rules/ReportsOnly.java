package org.releasewatch.rules;

import org.releasewatch.model.IngestedEvent;
import org.releasewatch.model.ReleaseEvent;

/**
 * The rules' entry guard for retractions (contract v1.2): ingest validates a retraction and carries it on the
 * internal topics, but a rule that reads it as a report would count a withdrawn release or fire on a withdrawn
 * sanction. Until a rule acts on retractions, only reports pass this guard.
 */
final class ReportsOnly {

    private ReportsOnly() {
    }

    static boolean report(String key, IngestedEvent event) {
        return !event.retracted();
    }

    static boolean report(String key, ReleaseEvent release) {
        return !release.retracted();
    }
}

package org.releasewatch.rules.reference;

import org.releasewatch.model.AlertRule;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.rules.AlertIds;

import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * The contract's SANCTIONS_CHANGE ids, written independently of the rules: one alert per run of an action by one
 * issuer on one target on one UTC day, in arrival order (lift, re-listing, lift again: three runs). The first run of
 * an action keeps the v1.1 id (issuer, target, action, date); the n-th adds "occurrence n". Reports must be given
 * once each, in the order they reach the rules.
 */
final class SanctionRuns {

    private final Map<String, String> lastAction = new HashMap<>();
    private final Map<String, Integer> runs = new HashMap<>();

    /** The id of the alert {@code s} belongs to. */
    String id(SanctionEvent s) {
        String date = s.occurredAt().atOffset(ZoneOffset.UTC).toLocalDate().toString();
        String day = s.issuer() + "\u0000" + s.target().id() + "\u0000" + date;
        String action = s.action().name();
        if (!action.equals(lastAction.put(day, action))) {
            runs.merge(day + "\u0000" + action, 1, Integer::sum);
        }
        int n = runs.get(day + "\u0000" + action);
        return n == 1 ? AlertIds.of(AlertRule.SANCTIONS_CHANGE, s.issuer(), s.target().id(), action, date)
                : AlertIds.of(AlertRule.SANCTIONS_CHANGE, s.issuer(), s.target().id(), action, date, "occurrence " + n);
    }
}

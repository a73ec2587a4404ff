package org.releasewatch.rules.reference;

import org.releasewatch.model.AlertRule;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.rules.AlertIds;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The contract's SANCTIONS_CHANGE ids, written independently of the rules: one alert per run of an action by one
 * issuer on one target on one UTC day, in arrival order (lift, re-listing, lift again: three runs). The first run of
 * an action keeps the v1.1 id (issuer, target, action, date); the n-th adds "occurrence n". Reports must be given
 * once each, in the order they reach the rules. A withdrawn report (contract v1.2, step 4) stays in its run; a run
 * stands while one of its reports does.
 */
final class SanctionRuns {

    private record Report(String eventId, String action, int run) {
    }

    private final Map<String, String> lastAction = new HashMap<>();
    private final Map<String, Integer> runs = new HashMap<>();
    private final Map<String, List<Report>> reports = new HashMap<>();
    private final Map<String, Boolean> withdrawn = new HashMap<>();

    private static String day(SanctionEvent s) {
        return s.issuer() + "\u0000" + s.target().id() + "\u0000" + s.occurredAt().atOffset(ZoneOffset.UTC).toLocalDate();
    }

    /** The id of the alert {@code s} belongs to, {@code s} counted as a report of its run. */
    String id(SanctionEvent s) {
        String day = day(s);
        String action = s.action().name();
        if (!action.equals(lastAction.put(day, action))) {
            runs.merge(day + "\u0000" + action, 1, Integer::sum);
        }
        int n = runs.get(day + "\u0000" + action);
        reports.computeIfAbsent(day, k -> new ArrayList<>()).add(new Report(s.eventId(), action, n));
        return id(s, n);
    }

    private static String id(SanctionEvent s, int n) {
        String date = s.occurredAt().atOffset(ZoneOffset.UTC).toLocalDate().toString();
        return n == 1 ? AlertIds.of(AlertRule.SANCTIONS_CHANGE, s.issuer(), s.target().id(), s.action().name(), date)
                : AlertIds.of(AlertRule.SANCTIONS_CHANGE, s.issuer(), s.target().id(), s.action().name(), date, "occurrence " + n);
    }

    /**
     * Withdraws the report of {@code retraction}'s eventId: the id of its run's alert when no report of the run stands
     * any more, else null (also when the report never came).
     */
    String withdraw(SanctionEvent retraction) {
        List<Report> ofDay = reports.getOrDefault(day(retraction), List.of());
        Report report = ofDay.stream().filter(r -> r.eventId().equals(retraction.eventId())).findFirst().orElse(null);
        if (report == null) {
            return null;
        }
        withdrawn.put(retraction.eventId(), true);
        boolean stands = ofDay.stream().anyMatch(r -> r.run() == report.run() && r.action().equals(report.action())
                && !withdrawn.containsKey(r.eventId()));
        return stands ? null : id(retraction, report.run());
    }
}

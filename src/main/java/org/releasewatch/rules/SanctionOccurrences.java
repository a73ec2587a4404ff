package org.releasewatch.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One issuer's actions on one target on one UTC day, in arrival order, as SANCTIONS_CHANGE needs them: the action of
 * the latest run, how many runs each action has had (a run is a stretch of reports of one action: a lift, then a
 * re-listing, then a lift again are three runs, two of them LIFTED), and the recent reports with the run each one
 * belongs to. Bounded: the {@link #KEPT_REPORTS} latest reports are remembered; an older one redelivered counts as a
 * further report of the current run, which changes nothing unless the action changed since.
 *
 * @param last    the action of the latest run, or null before the first
 * @param runs    per action, its number of runs so far
 * @param reports the latest reports, oldest first, as {@code eventId} and run number
 */
record SanctionOccurrences(String last, Map<String, Integer> runs, List<Report> reports) {

    static final int KEPT_REPORTS = 32;
    static final SanctionOccurrences NONE = new SanctionOccurrences(null, Map.of(), List.of());

    /**
     * One report: its run of its {@code action} (null in state written before actions were kept here: taken as of any
     * action); {@code withdrawn} once its retraction came (contract v1.2, "Alerts that evolve", step 4).
     */
    record Report(String eventId, int occurrence,
                  @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                  String action,
                  @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_DEFAULT)
                  boolean withdrawn) {
    }

    SanctionOccurrences {
        runs = Map.copyOf(runs == null ? Map.of() : runs);
        reports = List.copyOf(reports == null ? List.of() : reports);
    }

    boolean knows(String eventId) {
        return reports.stream().anyMatch(r -> r.eventId().equals(eventId));
    }

    /** The run number of a known report: 1 for the first run of its action. */
    int occurrence(String eventId) {
        return reports.stream().filter(r -> r.eventId().equals(eventId)).mapToInt(Report::occurrence).findFirst().orElseThrow();
    }

    /** With the report {@code eventId} withdrawn. */
    SanctionOccurrences withdrawn(String eventId) {
        return new SanctionOccurrences(last, runs, reports.stream()
                .map(r -> r.eventId().equals(eventId) ? new Report(r.eventId(), r.occurrence(), r.action(), true) : r).toList());
    }

    /**
     * Whether a report of the run {@code occurrence} of this report's action still stands (of those kept: a run's
     * reports older than the {@link #KEPT_REPORTS} latest are taken as withdrawn).
     */
    boolean stands(String action, int occurrence) {
        return reports.stream().anyMatch(r -> r.occurrence() == occurrence && !r.withdrawn()
                && (r.action() == null || r.action().equals(action)));
    }

    /** With one more report of {@code action}: a new run unless the latest run is of the same action. */
    SanctionOccurrences plus(String eventId, String action) {
        Map<String, Integer> more = new TreeMap<>(runs);
        if (!action.equals(last)) {
            more.merge(action, 1, Integer::sum);
        }
        List<Report> kept = new ArrayList<>(reports);
        kept.add(new Report(eventId, more.get(action), action, false));
        while (kept.size() > KEPT_REPORTS) {
            kept.remove(0);
        }
        return new SanctionOccurrences(action, more, kept);
    }
}

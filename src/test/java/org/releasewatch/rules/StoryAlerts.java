package org.releasewatch.rules;

import org.releasewatch.demo.December13Story;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.model.WatchlistEntry;

import java.time.Instant;
import java.util.List;

/**
 * Alerts exactly as the rules write them, for tests of what reads alerts (the channel renderers): the 13 December
 * 2025 story run through the real topology, and single rule outputs for made-up inputs.
 */
public final class StoryAlerts {

    /** A fixed emission time, so rendered output does not change from run to run. */
    public static final Instant EMITTED_AT = Instant.parse("2025-12-13T15:00:01Z");

    private StoryAlerts() {
    }

    /** The story's six alerts in emission order, {@code emittedAt} fixed. */
    public static List<Alert> december13() {
        try (RulesDriver rules = new RulesDriver()) {
            for (WatchlistEntry e : December13Story.watchlist()) {
                rules.watch(e.personId(), e.name(), e.priority());
            }
            December13Story.releases().forEach(rules::release);
            rules.sanction(December13Story.belaruskaliRelief());
            return rules.alerts().stream().map(a -> a.withEmittedAt(EMITTED_AT)).toList();
        }
    }

    /**
     * The LINKED_RELIEF thread of the story when the relief is announced at 07:00, before the releases: linked to 1
     * release, then updates at 10 and 100, and the final 123 when the link window closes (two later releases from
     * Belarus move its clock past the window's end and the lateness). {@code emittedAt} fixed.
     */
    public static List<Alert> linkedReliefThread() {
        SanctionEvent story = December13Story.belaruskaliRelief();
        SanctionEvent early = new SanctionEvent(story.eventId(), Instant.parse("2025-12-13T07:00:00Z"), story.issuer(),
                story.targetCountry(), story.action(), story.target(), story.sector(), story.program(), story.agreement(),
                story.source());
        try (RulesDriver rules = new RulesDriver()) {
            rules.sanction(early);
            December13Story.releases().forEach(rules::release);
            rules.release(RulesDriver.release("later", "2025-12-22T16:00:00Z", "BY", "p-later", "LT"))
                    .release(RulesDriver.release("later-still", "2025-12-30T16:00:00Z", "BY", "p-later-still", "LT"));
            return rules.alerts().stream().filter(a -> a.rule() == AlertRule.LINKED_RELIEF)
                    .map(a -> a.withEmittedAt(EMITTED_AT)).toList();
        }
    }

    /**
     * The WATCHLIST_RELEASE thread of Ales Bialiatski when the story's only report of his release is withdrawn by its
     * source: the alert, then its cancel. {@code emittedAt} fixed.
     */
    public static List<Alert> bialiatskiWithdrawn() {
        ReleaseEvent report = December13Story.releases().get(0);
        WatchlistEntry watched = December13Story.watchlist().get(0);
        ReleaseEvent retraction = new ReleaseEvent(report.eventId(), report.occurredAt(), report.country(), report.person(),
                report.charges(), report.transferredTo(), report.agreement(), report.source(), true,
                "the source could not confirm the release");
        try (RulesDriver rules = new RulesDriver()) {
            rules.watch(watched).release(report).release(retraction);
            return rules.alerts().stream().filter(a -> a.rule() == AlertRule.WATCHLIST_RELEASE)
                    .map(a -> a.withEmittedAt(EMITTED_AT)).toList();
        }
    }

    /** The first alert of a rule in the story. */
    public static Alert first(List<Alert> story, AlertRule rule) {
        return story.stream().filter(a -> a.rule() == rule).findFirst().orElseThrow();
    }

    /** The WATCHLIST_RELEASE alert the rule writes for this release of this watched person, its one source so far. */
    public static Alert watchlistRelease(ReleaseEvent release, WatchlistEntry watched) {
        return WatchlistReleaseRule.alert(release, watched, 1).withEmittedAt(EMITTED_AT);
    }
}

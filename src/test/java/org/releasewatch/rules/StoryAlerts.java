package org.releasewatch.rules;

import org.releasewatch.demo.December13Story;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.ReleaseEvent;
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

    /** The first alert of a rule in the story. */
    public static Alert first(List<Alert> story, AlertRule rule) {
        return story.stream().filter(a -> a.rule() == rule).findFirst().orElseThrow();
    }

    /** The WATCHLIST_RELEASE alert the rule writes for this release of this watched person, its one source so far. */
    public static Alert watchlistRelease(ReleaseEvent release, WatchlistEntry watched) {
        return WatchlistReleaseRule.alert(release, watched, 1).withEmittedAt(EMITTED_AT);
    }
}

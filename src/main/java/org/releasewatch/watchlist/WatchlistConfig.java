package org.releasewatch.watchlist;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * The watchlist as people manage it ({@code releasewatch.watchlist.*}).
 *
 * @param maxEntries     how many persons each instance's view of the list holds (memory: roughly 1 KiB each); an
 *                       import that would grow the list beyond it is refused, and entries beyond it written by
 *                       others are left out of the view (the alert rules still see them) and counted in /health
 * @param visibleTimeout how long a write waits for this instance's view to show it before answering
 *                       (read-your-writes); also how long an import waits for the view to be current
 */
@ConfigurationProperties("releasewatch.watchlist")
public record WatchlistConfig(
        @Bindable(defaultValue = "100000") int maxEntries,
        @Bindable(defaultValue = "10s") Duration visibleTimeout) {
}

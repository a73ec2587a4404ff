package org.releasewatch.rules;

import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.WatchlistEntry;

/**
 * What the WATCHLIST_RELEASE rule sees per person: a release of that person, a new or changed
 * watchlist entry, or the person's removal from the watchlist (both null).
 */
record PersonEvent(ReleaseEvent release, WatchlistEntry entry) {

    static PersonEvent released(ReleaseEvent release) {
        return new PersonEvent(release, null);
    }

    static PersonEvent watched(WatchlistEntry entryOrNullForRemoval) {
        return new PersonEvent(null, entryOrNullForRemoval);
    }
}

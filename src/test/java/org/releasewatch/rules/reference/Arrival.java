package org.releasewatch.rules.reference;

import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.model.WatchlistEntry;

/** One input of the rules in the order it arrives: a release, a sanctions change, or a watchlist change. */
public sealed interface Arrival {

    record Released(ReleaseEvent release) implements Arrival {
    }

    record Sanctioned(SanctionEvent sanction) implements Arrival {
    }

    /** A person added to the watchlist, or their entry changed. */
    record Watched(WatchlistEntry entry) implements Arrival {
    }

    /** A person removed from the watchlist (a tombstone). */
    record Unwatched(String personId) implements Arrival {
    }
}

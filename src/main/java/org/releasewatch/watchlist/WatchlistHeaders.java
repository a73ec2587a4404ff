package org.releasewatch.watchlist;

/**
 * Headers on the records the API writes to the watchlist topic: who made the change and when. Readers of
 * the contract ignore them (they are not part of the WatchlistEntry); the view shows them.
 */
public final class WatchlistHeaders {

    /** The operator's name ({@code unknown} when no operator was recorded). */
    public static final String CHANGED_BY = "releasewatch.changed-by";
    /** ISO-8601 instant of the change. */
    public static final String CHANGED_AT = "releasewatch.changed-at";

    private WatchlistHeaders() {
    }
}

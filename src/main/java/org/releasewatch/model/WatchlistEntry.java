package org.releasewatch.model;

/** A person monitors care about (contract: WatchlistEntry); keyed by {@code personId}. */
public record WatchlistEntry(String personId, String name, Priority priority, String note) {
}

package org.releasewatch.model;

/** The contract's alert rules. */
public enum AlertRule {
    WATCHLIST_RELEASE, MASS_RELEASE, SANCTIONS_CHANGE, LINKED_RELIEF
}

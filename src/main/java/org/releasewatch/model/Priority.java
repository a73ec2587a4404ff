package org.releasewatch.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Watchlist priority; {@code high} makes a WATCHLIST_RELEASE critical. */
public enum Priority {
    @JsonProperty("high") HIGH,
    @JsonProperty("normal") NORMAL
}

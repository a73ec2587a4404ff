package org.releasewatch.model;

/** What happened to a sanctions measure. LIFTED and EASED are relief. */
public enum SanctionAction {
    IMPOSED, LIFTED, EASED, EXTENDED;

    public boolean isRelief() {
        return this == LIFTED || this == EASED;
    }
}

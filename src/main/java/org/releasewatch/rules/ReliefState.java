package org.releasewatch.rules;

import org.releasewatch.model.SanctionEvent;

/**
 * A relief (LIFTED or EASED) LINKED_RELIEF keeps: waiting until a release from its country falls within
 * the link window, then fired once with what linked it. Value of {@link AlertTopology#LINKED_RELIEF_STORE}.
 */
public record ReliefState(SanctionEvent sanction, boolean fired, int releaseCount, String agreement, String confidence) {

    static ReliefState waiting(SanctionEvent sanction) {
        return new ReliefState(sanction, false, 0, null, null);
    }
}

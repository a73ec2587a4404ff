package org.releasewatch.rules;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

import org.releasewatch.model.SanctionEvent;

/**
 * A relief (LIFTED or EASED) LINKED_RELIEF keeps: waiting until a release from its country falls within
 * the link window, then fired with what linked it, and followed as a thread (contract v1.2, "Alerts that evolve",
 * step 2) until its window closes. Value of {@link AlertTopology#LINKED_RELIEF_STORE}.
 *
 * @param releaseCount the distinct persons linked as last reported
 * @param messages     the ids of the thread's messages so far, the first (v1.1) id first (empty while waiting)
 * @param upper        never below the persons linked now: {@code releaseCount} plus the releases in range since the
 *                     last count, so that a release recounts only when a threshold may have been reached
 * @param closed       its window closed (the country's clock passed its end and the lateness): the thread is complete
 */
public record ReliefState(SanctionEvent sanction, boolean fired, int releaseCount, String agreement, String confidence,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> messages,
                          @JsonInclude(JsonInclude.Include.NON_DEFAULT) int upper,
                          @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean closed) {

    public ReliefState {
        messages = messages == null ? List.of() : List.copyOf(messages);
    }

    public ReliefState(SanctionEvent sanction, boolean fired, int releaseCount, String agreement, String confidence) {
        this(sanction, fired, releaseCount, agreement, confidence, List.of(), releaseCount, false);
    }

    static ReliefState waiting(SanctionEvent sanction) {
        return new ReliefState(sanction, false, 0, null, null);
    }

    /** With one more release in range: the persons linked may have grown by one. */
    ReliefState plusRelease() {
        return new ReliefState(sanction, fired, releaseCount, agreement, confidence, messages, Math.max(upper, releaseCount) + 1, closed);
    }

    /** As reported by a message {@code id} with {@code count} persons linked. */
    ReliefState reported(String id, int count, String agreement, String confidence) {
        List<String> ids = new java.util.ArrayList<>(messages);
        ids.add(id);
        return new ReliefState(sanction, fired, count, agreement, confidence, ids, count, closed);
    }

    /** Counted again, {@code count} persons linked, nothing reported. */
    ReliefState counted(int count) {
        return new ReliefState(sanction, fired, releaseCount, agreement, confidence, messages, count, closed);
    }

    /** With its window closed. */
    ReliefState close() {
        return new ReliefState(sanction, fired, releaseCount, agreement, confidence, messages, upper, true);
    }
}

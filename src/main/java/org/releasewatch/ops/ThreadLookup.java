package org.releasewatch.ops;

import org.releasewatch.model.Alert;

import java.util.Optional;

/**
 * The first message of a thread (contract v1.2, "Alerts that evolve"), by the thread's id: what a silence of the
 * thread is matched against when a later message's own fields no longer match it. Empty when it is not known (not in
 * the history, or the history cannot be asked now); never throws.
 */
public interface ThreadLookup {

    Optional<Alert> firstMessage(String threadId);
}

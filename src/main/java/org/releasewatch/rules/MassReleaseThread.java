package org.releasewatch.rules;

import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.MsgType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A MASS_RELEASE day as one thread (contract v1.2, "Alerts that evolve", step 1): the day's first threshold alert
 * keeps its v1.1 id and starts the thread; each higher threshold is an {@code update} (step {@code threshold:<n>});
 * when the day closes with a count above the last one reported, a last {@code update} gives the final count (step
 * {@code final}). Every update references the thread's earlier messages, oldest first.
 */
final class MassReleaseThread {

    private MassReleaseThread() {
    }

    /** The thread's first message's id: the day's first (lowest) threshold fired. */
    static String thread(Alert alert, DayTally tally) {
        return AlertIds.of(AlertRule.MASS_RELEASE, alert.country(), alert.details().path("windowStart").asText(),
                String.valueOf(tally.fired().get(0)));
    }

    /** {@code alert}, made for the latest threshold fired, as the update it is in the day's thread. */
    static Alert thresholdUpdate(Alert alert, DayTally tally) {
        String thread = thread(alert, tally);
        List<Integer> fired = tally.fired();
        int threshold = fired.get(fired.size() - 1);
        int was = fired.get(fired.size() - 2);
        return alert.inThread(MsgType.UPDATE, MessageIds.of(thread, "threshold:" + threshold), thread,
                messages(thread, fired.subList(0, fired.size() - 1)),
                Wording.people(tally.count()) + " released, was " + was);
    }

    /** {@code alert}, made for the day's highest threshold with its closing tally, as the thread's final count. */
    static Alert finalCount(Alert alert, DayTally tally) {
        String thread = thread(alert, tally);
        Instant day = Instant.parse(alert.details().path("windowStart").asText());
        return alert.inThread(MsgType.UPDATE, MessageIds.of(thread, "final"), thread, messages(thread, tally.fired()),
                Wording.people(tally.count()) + " released in " + Wording.country(alert.country()) + " on "
                        + Wording.day(day) + " — final count");
    }

    /** The ids of the messages the thresholds {@code fired} (in firing order) made. */
    private static List<String> messages(String thread, List<Integer> fired) {
        List<String> ids = new ArrayList<>(fired.size());
        ids.add(thread);
        for (int threshold : fired.subList(1, fired.size())) {
            ids.add(MessageIds.of(thread, "threshold:" + threshold));
        }
        return ids;
    }
}

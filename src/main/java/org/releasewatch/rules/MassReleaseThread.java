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

    /** The thread of the day of {@code alert} whose first message was for the lowest threshold, {@code lowest}. */
    static String thread(Alert alert, int lowest) {
        return AlertIds.of(AlertRule.MASS_RELEASE, alert.country(), alert.details().path("windowStart").asText(),
                String.valueOf(lowest));
    }

    /** The id of the message that first announced {@code threshold} in {@code thread}. */
    static String announced(String thread, int threshold, int lowest) {
        return threshold == lowest ? thread : MessageIds.of(thread, "threshold:" + threshold);
    }

    /**
     * Whether a message cancels its whole thread: every cancel but a MASS_RELEASE one of a threshold above the lowest
     * ({@code thresholds}' first), which withdraws that threshold while the day's first stands.
     */
    static boolean withdrawsThread(Alert alert, List<Integer> thresholds) {
        return alert.rule() != AlertRule.MASS_RELEASE || alert.details().path("threshold").asInt() == thresholds.get(0);
    }

    /**
     * {@code alert}, made for {@code threshold} whose count a retraction of {@code withdrawn} took below it, as the
     * cancel of that threshold (step {@code withdrawn:<eventId>}: a retraction takes one person off, so one threshold
     * at most).
     */
    static Alert cancel(Alert alert, String thread, ThreadLog log, int threshold, DayTally tally,
                        org.releasewatch.model.ReleaseEvent withdrawn) {
        return alert.inThread(MsgType.CANCEL, MessageIds.of(thread, Withdrawal.step(withdrawn.eventId())), thread, log.messages(),
                Withdrawal.change(Wording.people(tally.count()) + " released, below the threshold of " + threshold,
                        withdrawn.retractionNote()));
    }

    /**
     * {@code alert}, made for {@code threshold} reached again after a retraction had taken the count below it, as an
     * update (step {@code threshold:<n>:<eventId>}, the report that reached it again).
     */
    static Alert reachedAgain(Alert alert, String thread, ThreadLog log, int threshold, DayTally tally, String eventId) {
        return alert.inThread(MsgType.UPDATE, MessageIds.of(thread, "threshold:" + threshold + ":" + eventId), thread,
                log.messages(), Wording.people(tally.count()) + " released, the threshold of " + threshold + " reached again");
    }

    /** {@code alert}, made for the latest threshold fired, as the update it is in the day's thread. */
    static Alert thresholdUpdate(Alert alert, DayTally tally) {
        return thresholdUpdate(alert, tally, null);
    }

    /** The same, superseding the messages of {@code log} when the thread has one. */
    static Alert thresholdUpdate(Alert alert, DayTally tally, ThreadLog log) {
        String thread = thread(alert, tally);
        List<Integer> fired = tally.fired();
        int threshold = fired.get(fired.size() - 1);
        int was = fired.get(fired.size() - 2);
        return alert.inThread(MsgType.UPDATE, MessageIds.of(thread, "threshold:" + threshold), thread,
                log == null ? messages(thread, fired.subList(0, fired.size() - 1)) : log.messages(),
                Wording.people(tally.count()) + " released, was " + was);
    }

    /** {@code alert}, made for the day's highest threshold with its closing tally, as the thread's final count. */
    static Alert finalCount(Alert alert, DayTally tally) {
        return finalCount(alert, tally, null);
    }

    /** The same, superseding the messages of {@code log} when the thread has one. */
    static Alert finalCount(Alert alert, DayTally tally, ThreadLog log) {
        String thread = thread(alert, tally);
        Instant day = Instant.parse(alert.details().path("windowStart").asText());
        return alert.inThread(MsgType.UPDATE, MessageIds.of(thread, "final"), thread,
                log == null ? messages(thread, tally.fired()) : log.messages(),
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

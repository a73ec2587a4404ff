package org.releasewatch.rules;

/**
 * The {@code change} line of what a retraction makes (contract v1.2, "Alerts that evolve", step 4): "report withdrawn by
 * its source", with the retraction's {@code retractionNote} when it has one, within the 512 characters a {@code change}
 * may have.
 */
final class Withdrawal {

    static final String WITHDRAWN = "report withdrawn by its source";
    private static final int MAX_CHANGE = 512;

    private Withdrawal() {
    }

    /** The step of the message a retraction of {@code eventId} made: {@code withdrawn:<eventId>}. */
    static String step(String eventId) {
        return "withdrawn:" + eventId;
    }

    /** {@code what} (may be empty), then why: the withdrawal and its note. */
    static String change(String what, String note) {
        String line = (what.isEmpty() ? WITHDRAWN : what + ": " + WITHDRAWN)
                + (note == null || note.isBlank() ? "" : " (" + note.strip() + ")");
        return line.length() <= MAX_CHANGE ? line : line.substring(0, MAX_CHANGE - 1) + "…";
    }
}

package org.releasewatch.rules;

/**
 * Ids of the later messages of a thread (contract v1.2, "Alerts that evolve"): a name-based UUID (version 5,
 * in {@link AlertIds}' namespace) of {@code MESSAGE:<thread id>:<step>}, where the step names what made the
 * message (e.g. {@code threshold:100}, {@code final:123}, {@code corroborated}, {@code retracted:<eventId>}).
 * The same thread and step give the same id on any replay and instance; a thread's first message keeps the
 * id {@link AlertIds#of} gave it in v1.1, and the {@code MESSAGE:} prefix, which no rule name has, keeps the
 * two kinds of id apart.
 */
public final class MessageIds {

    static final String PREFIX = "MESSAGE:";

    private MessageIds() {
    }

    public static String of(String threadId, String step) {
        if (threadId == null || threadId.isBlank()) {
            throw new IllegalArgumentException("a message id needs the thread's id");
        }
        if (step == null || step.isBlank()) {
            throw new IllegalArgumentException("a message id needs the step that made the message");
        }
        return AlertIds.uuid5(PREFIX + threadId + ":" + step).toString();
    }
}

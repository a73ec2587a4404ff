package org.releasewatch.delivery;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which messages of a thread a subscription gets (contract v1.2, "Alerts that evolve"): {@code all} (the default)
 * or {@code first} — only each thread's first message ({@code msgType} {@code alert}, or none), for receivers that
 * want one notification per event and no follow-ups.
 */
public enum Messages {
    ALL, FIRST;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code null} or blank means {@code all}; anything else unknown is an error naming the accepted values. */
    public static Messages fromWire(String value) {
        if (value == null || value.isBlank()) {
            return ALL;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + value + "\" is not one of "
                    + Arrays.stream(values()).map(Messages::wire).collect(Collectors.joining(", ")));
        }
    }

    /**
     * Whether a message of this {@code msgType} (as text; null when the field is absent) is sent. A type this
     * version does not know (a newer one's) is not a first message, so {@code first} leaves it out.
     */
    public boolean wants(String msgType) {
        return this == ALL || msgType == null || "alert".equals(msgType);
    }
}

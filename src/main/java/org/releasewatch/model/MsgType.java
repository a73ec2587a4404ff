package org.releasewatch.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * The kind of a message in an alert's thread (contract v1.2, "Alerts that evolve", after OASIS CAP 1.2):
 * the first message ({@code alert}), one that supersedes the earlier ones ({@code update}) or one that
 * withdraws them ({@code cancel}). Written lower-case; an alert without the field is an {@code alert}.
 */
public enum MsgType {
    ALERT, UPDATE, CANCEL;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static MsgType fromWire(String value) {
        return MsgType.valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}

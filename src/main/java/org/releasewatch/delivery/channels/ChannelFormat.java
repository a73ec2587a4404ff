package org.releasewatch.delivery.channels;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a subscription's alerts are written: {@code standard} is the contract's signed JSON (delivered by the
 * webhook worker as today); the others are the message formats of the services people already use.
 */
public enum ChannelFormat {
    STANDARD, SLACK, DISCORD, TEAMS, TELEGRAM, EMAIL, PAGERDUTY;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * A service reached by an HTTP POST of JSON to the subscription's URL (everything but {@code standard} and
     * {@code email}): its URL is checked against the target policy before each message.
     */
    public boolean chat() {
        return this != STANDARD && this != EMAIL;
    }

    /**
     * Whether the messages must go out in the order they were emitted: PagerDuty applies each event to the incident
     * of its {@code dedup_key} in turn, so a trigger sent after the resolve of its thread would open it again.
     */
    public boolean inEmissionOrder() {
        return this == PAGERDUTY;
    }

    /** {@code null} or blank means {@code standard}; an unknown name is an error that lists the known ones. */
    public static ChannelFormat fromWire(String value) {
        if (value == null || value.isBlank()) {
            return STANDARD;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + value + "\" is not one of "
                    + Arrays.stream(values()).map(ChannelFormat::wire).collect(Collectors.joining(", ")));
        }
    }
}

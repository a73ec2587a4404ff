package org.releasewatch.delivery.channels;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The fields of a released person that a subscription may leave out of its messages ({@code redact:
 * [charges, note]}): what someone was charged with, the monitor's own watchlist note, the person's tags. The
 * person's name stays: it is the alert's title.
 */
public enum PersonField {
    CHARGES, NOTE, TAGS;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PersonField fromWire(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("\"" + value + "\" is not one of "
                    + Arrays.stream(values()).map(PersonField::wire).collect(Collectors.joining(", ")));
        }
    }
}

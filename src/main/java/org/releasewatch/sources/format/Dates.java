package org.releasewatch.sources.format;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The publication dates as the lists write them; a date without a time is midnight UTC. */
final class Dates {

    private Dates() {
    }

    /** {@code pattern} for day-only dates (e.g. {@code MM/dd/yyyy}); ISO forms are always accepted. Null if unreadable. */
    static Instant parse(String value, String pattern) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException ignored) {
            // next form
        }
        try {
            return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // next form
        }
        try {
            return LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // next form
        }
        if (pattern != null) {
            try {
                return LocalDate.parse(v, DateTimeFormatter.ofPattern(pattern)).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException ignored) {
                // unreadable
            }
        }
        return null;
    }
}

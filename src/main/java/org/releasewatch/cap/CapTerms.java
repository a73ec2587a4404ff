package org.releasewatch.cap;

import com.fasterxml.jackson.databind.JsonNode;
import org.releasewatch.model.Alert;
import org.releasewatch.model.MsgType;
import org.releasewatch.model.Severity;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The contract's mapping of an alert's terms to CAP 1.2 values (v1.2, "Alerts that evolve", step 6). */
final class CapTerms {

    /** CAP's dateTime: seconds, an explicit offset, no "Z" ({@code 2025-12-13T08:00:00+00:00}). */
    private static final DateTimeFormatter CAP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx", Locale.ROOT);

    private CapTerms() {
    }

    static String time(Instant at) {
        return CAP_TIME.format(at.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
    }

    static String msgType(MsgType type) {
        return switch (type) {
            case ALERT -> "Alert";
            case UPDATE -> "Update";
            case CANCEL -> "Cancel";
        };
    }

    static String severity(Severity severity) {
        return switch (severity) {
            case CRITICAL -> "Severe";
            case WARNING -> "Moderate";
            case INFO -> "Minor";
        };
    }

    /** {@code Observed} when corroborated by a second source or of high confidence, else {@code Likely}. */
    static String certainty(Alert alert) {
        JsonNode details = alert.details();
        boolean observed = details != null && ("corroborated".equals(details.path("corroboration").asText(null))
                || "high".equals(details.path("confidence").asText(null)));
        return observed ? "Observed" : "Likely";
    }
}

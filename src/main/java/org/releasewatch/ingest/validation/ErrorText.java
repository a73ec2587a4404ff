package org.releasewatch.ingest.validation;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;

import java.time.Duration;

/** Wording of validation errors: field paths, quoted values (shortened), JSON type names. */
final class ErrorText {

    private static final int MAX_VALUE_CHARS = 80;

    private ErrorText() {
    }

    /** {@code person.name}, {@code charges[1]}; {@code value} for the record itself. */
    static String path(JsonNodePath location) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(element);
            }
        }
        return out.length() == 0 ? "value" : out.toString();
    }

    static String join(String parent, String child) {
        return parent.equals("value") ? child : parent + "." + child;
    }

    static String quote(String s) {
        String shown = s.length() > MAX_VALUE_CHARS ? s.substring(0, MAX_VALUE_CHARS) + "…" : s;
        return '"' + shown.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    static String show(JsonNode value) {
        return value.isTextual() ? quote(value.asText()) : shorten(value.toString());
    }

    private static String shorten(String s) {
        return s.length() > MAX_VALUE_CHARS ? s.substring(0, MAX_VALUE_CHARS) + "…" : s;
    }

    static String typeOf(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        if (node.isTextual()) {
            return "string";
        }
        if (node.isNumber()) {
            return "number";
        }
        if (node.isBoolean()) {
            return "boolean";
        }
        if (node.isArray()) {
            return "array";
        }
        return "object";
    }

    static String article(String jsonType) {
        return switch (jsonType) {
            case "integer" -> "an integer";
            case "object" -> "an object";
            case "array" -> "an array";
            case "null" -> "null";
            default -> "a " + jsonType;
        };
    }

    /** The first line of Jackson's complaint, without its source-location dump. */
    static String jacksonReason(JacksonException e) {
        String reason = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        int newline = reason.indexOf('\n');
        reason = newline >= 0 ? reason.substring(0, newline) : reason;
        reason = reason.length() > 160 ? reason.substring(0, 160) + "…" : reason;
        if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
            reason += " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        }
        return reason;
    }

    static String duration(Duration d) {
        if (d.toSeconds() % 3600 == 0) {
            return d.toHours() + "h";
        }
        if (d.toSeconds() % 60 == 0) {
            return d.toMinutes() + "m";
        }
        return d.toSeconds() + "s";
    }
}

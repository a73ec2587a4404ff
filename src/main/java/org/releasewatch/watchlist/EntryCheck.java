package org.releasewatch.watchlist;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.releasewatch.ingest.validation.EventValidator;
import org.releasewatch.ingest.validation.Validated;
import org.releasewatch.json.Json;
import org.releasewatch.model.WatchlistEntry;

import java.nio.charset.StandardCharsets;

/**
 * Whether a watchlist entry written over HTTP will be accepted by the ingest: it runs the ingest's own
 * {@link EventValidator} on the very bytes that will be produced, so the API can never accept what the
 * ingest then dead-letters. On top, the contract's {@code note} limit (v1.1: ≤ 1024 characters), which a
 * partner's record must also keep.
 */
public final class EntryCheck {

    public static final int MAX_NOTE = 1024;

    private final EventValidator validator;

    public EntryCheck(EventValidator validator) {
        this.validator = validator;
    }

    /**
     * The outcome: the entry as the ingest normalises it (and as it will be written: name without surrounding
     * blanks, a blank note as none), or an error starting with the field's name.
     */
    public Validated<WatchlistEntry> check(String personId, ObjectNode given) {
        ObjectNode body = given.deepCopy();
        if (body.path("name").isTextual()) {
            body.put("name", body.get("name").asText().strip());
        }
        if (body.path("note").isTextual() && body.get("note").asText().isBlank()) {
            body.putNull("note");
        }
        if (body.hasNonNull("note") && body.get("note").isTextual()) {
            String note = body.get("note").asText();
            int length = note.codePointCount(0, note.length());
            if (length > MAX_NOTE) {
                return new Validated.Invalid<>("note: must be at most " + MAX_NOTE + " characters, got " + length);
            }
        }
        Validated<WatchlistEntry> result = validator.watchlistEntry(personId.getBytes(StandardCharsets.UTF_8), Json.bytes(body));
        return result;
    }

    /** The validated form of {@code entry} (from a file row, say), with the same checks. */
    public Validated<WatchlistEntry> check(WatchlistEntry entry) {
        return check(entry.personId(), Json.MAPPER.valueToTree(entry));
    }

    /** The field an error starting with {@code field: …} is about. */
    public static String field(String error) {
        int colon = error.indexOf(':');
        String field = colon > 0 ? error.substring(0, colon) : "value";
        return field.contains(" ") ? "value" : field;
    }
}

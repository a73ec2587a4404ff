package org.releasewatch.ingest.validation;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;
import org.releasewatch.json.Json;
import org.releasewatch.model.Person;
import org.releasewatch.model.Priority;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.model.WatchlistEntry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Validates the value of an input record against the contract and maps it to a normalised event
 * (country codes upper-case, instants in UTC). The field rules are the published JSON Schemas
 * ({@code /schema/*.schema.json}) themselves, so the documents partners read and the checks applied
 * can never disagree; one rule needs the clock and is checked on top: an {@code occurredAt} more than
 * {@code maxFutureSkew} ahead. Thread-safe; schemas are loaded once.
 */
public final class EventValidator {

    private final int maxBytes;
    private final Duration maxFutureSkew;
    private final Clock clock;
    private final ContractSchema release = ContractSchema.load("release-event.schema.json");
    private final ContractSchema sanction = ContractSchema.load("sanction-event.schema.json");
    private final ContractSchema watchlist = ContractSchema.load("watchlist-entry.schema.json");

    public EventValidator(int maxBytes, Duration maxFutureSkew, Clock clock) {
        this.maxBytes = maxBytes;
        this.maxFutureSkew = maxFutureSkew;
        this.clock = clock;
    }

    public Validated<ReleaseEvent> release(byte[] value) {
        return validate(value, release, node -> {
            ReleaseEvent e = Json.MAPPER.treeToValue(node, ReleaseEvent.class);
            Person p = e.person();
            return noteWithoutRetraction(e.retracted(), e.retractionNote())
                    .or(() -> future("occurredAt", e.occurredAt())).<Validated<ReleaseEvent>>map(Validated.Invalid::new)
                    .orElseGet(() -> new Validated.Valid<>(new ReleaseEvent(e.eventId(), e.occurredAt(), upper(e.country()),
                            new Person(p.id(), p.name(), p.tags()), e.charges(), upper(e.transferredTo()), e.agreement(),
                            e.source(), e.retracted(), e.retractionNote(), e.inferred())));
        });
    }

    public Validated<SanctionEvent> sanction(byte[] value) {
        return validate(value, sanction, node -> {
            SanctionEvent e = Json.MAPPER.treeToValue(node, SanctionEvent.class);
            return noteWithoutRetraction(e.retracted(), e.retractionNote())
                    .or(() -> future("occurredAt", e.occurredAt())).<Validated<SanctionEvent>>map(Validated.Invalid::new)
                    .orElseGet(() -> new Validated.Valid<>(new SanctionEvent(e.eventId(), e.occurredAt(), e.issuer(),
                            upper(e.targetCountry()), e.action(), e.target(), e.sector(), e.program(), e.agreement(),
                            e.source(), e.retracted(), e.retractionNote())));
        });
    }

    /** A watchlist entry (tombstones are the caller's); {@code personId} must equal the UTF-8 record key. */
    public Validated<WatchlistEntry> watchlistEntry(byte[] key, byte[] value) {
        return validate(value, watchlist, node -> {
            WatchlistEntry e = Json.MAPPER.treeToValue(node, WatchlistEntry.class);
            String recordKey = key == null ? null : new String(key, StandardCharsets.UTF_8);
            if (!e.personId().equals(recordKey)) {
                return new Validated.Invalid<>("personId: " + ErrorText.quote(e.personId())
                        + " does not match the record key " + (recordKey == null ? "(none)" : ErrorText.quote(recordKey)));
            }
            Priority priority = e.priority() == null ? Priority.NORMAL : e.priority();
            return new Validated.Valid<>(new WatchlistEntry(e.personId(), e.name(), priority, e.note()));
        });
    }

    @FunctionalInterface
    private interface Mapping<T> {
        Validated<T> map(JsonNode node) throws JacksonException;
    }

    private <T> Validated<T> validate(byte[] value, ContractSchema schema, Mapping<T> mapping) {
        if (value == null || value.length == 0) {
            return new Validated.Invalid<>("value: is empty");
        }
        if (value.length > maxBytes) {
            return new Validated.Invalid<>("value: is " + value.length + " bytes, larger than the limit of " + maxBytes + " bytes");
        }
        JsonNode node;
        try (JsonParser parser = Json.MAPPER.createParser(value)) {
            node = Json.MAPPER.readTree(parser);
            if (node != null && parser.nextToken() != null) { // exactly one JSON value: not {…}{…}
                JsonLocation at = parser.currentTokenLocation();
                return new Validated.Invalid<>("value: is not JSON (more data after the end of the " + ErrorText.typeOf(node)
                        + " at line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
            }
        } catch (JacksonException e) {
            return new Validated.Invalid<>("value: is not JSON (" + ErrorText.jacksonReason(e) + ")");
        } catch (IOException e) {
            return new Validated.Invalid<>("value: is not JSON (" + e.getMessage() + ")");
        } catch (StackOverflowError e) {
            return new Validated.Invalid<>("value: is not JSON (nested too deeply)");
        }
        if (node == null || node.isMissingNode()) {
            return new Validated.Invalid<>("value: is empty");
        }
        // Jackson rejects stray and truncated sequences itself but decodes overlong forms (C0 AF is "/"), surrogates
        // and code points beyond U+10FFFF into other text
        int malformed = Utf8.firstMalformed(value);
        if (malformed >= 0) {
            return new Validated.Invalid<>("value: is not UTF-8 (a malformed byte sequence at byte " + malformed
                    + ": an overlong form, a surrogate or a code point beyond U+10FFFF)");
        }
        if (!node.isObject()) {
            return new Validated.Invalid<>("value: must be a JSON object, got " + ErrorText.typeOf(node));
        }
        List<ValidationMessage> problems = schema.validate(node);
        if (!problems.isEmpty()) {
            return new Validated.Invalid<>(String.join("; ", problems.stream().map(schema::describe).distinct().toList()));
        }
        try {
            return mapping.map(node);
        } catch (JacksonException | DateTimeParseException e) {
            // the schema accepts a few RFC 3339 forms java.time cannot represent (e.g. a leap second)
            return new Validated.Invalid<>("occurredAt: " + ErrorText.quote(node.path("occurredAt").asText())
                    + " is not an ISO-8601 instant with an offset (e.g. \"2025-12-13T10:00:00Z\")");
        }
    }

    /** A note explains a withdrawal; on a report it would say something the report does not do. */
    private static Optional<String> noteWithoutRetraction(boolean retracted, String note) {
        return note != null && !retracted
                ? Optional.of("retractionNote: is only allowed with \"retracted\": true (this record is a report, not a retraction)")
                : Optional.empty();
    }

    private Optional<String> future(String field, Instant at) {
        Instant latest = clock.instant().plus(maxFutureSkew);
        return at.isAfter(latest)
                ? Optional.of(field + ": " + at + " is more than " + ErrorText.duration(maxFutureSkew) + " in the future")
                : Optional.empty();
    }

    private static String upper(String code) {
        return code == null ? null : code.toUpperCase(Locale.ROOT);
    }
}

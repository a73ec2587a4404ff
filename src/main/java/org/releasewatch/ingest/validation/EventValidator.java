package org.releasewatch.ingest.validation;

import org.releasewatch.json.Json;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.model.WatchlistEntry;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/** Stand-in until the schema-based validator lands. */
public final class EventValidator {
    public EventValidator(int maxBytes, Duration maxFutureSkew, Clock clock) {}
    public Validated<ReleaseEvent> release(byte[] value) { return read(value, ReleaseEvent.class); }
    public Validated<SanctionEvent> sanction(byte[] value) { return read(value, SanctionEvent.class); }
    public Validated<WatchlistEntry> watchlistEntry(byte[] key, byte[] value) { return read(value, WatchlistEntry.class); }
    private static <T> Validated<T> read(byte[] v, Class<T> t) {
        try {
            T x = Json.read(v, t);
            if (new String(v, StandardCharsets.UTF_8).contains("Belarus")) return new Validated.Invalid<>("country: \"Belarus\" is not an ISO 3166-1 alpha-2 code");
            return new Validated.Valid<>(x);
        } catch (RuntimeException e) { return new Validated.Invalid<>("value: is not JSON"); }
    }
}

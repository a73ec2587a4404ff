package org.releasewatch.sources;

import org.releasewatch.model.SanctionEvent;
import org.releasewatch.model.SanctionTarget;
import org.releasewatch.model.Source;
import org.releasewatch.sources.format.ListFormat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns a {@link ListDiff.Change} into the contract's SanctionEvents: one per country the change concerns
 * ({@link Concerns}); a change with no country is unresolved (counted and shown, never dropped silently). The
 * event id depends only on list, entry, action, country, the list's publication and the snapshot's version
 * (how many changed fetches came before), so a second fetch of the same version, on any instance, gives the
 * same ids, while a lift, a re-listing and a lift again — even of byte-identical files on one day — give three.
 */
public final class ChangeEvents {

    static final int MAX_PROGRAM = 128;
    static final int MAX_NAME = 256;
    static final int MAX_URL = 2048;

    /**
     * Where a list's events come from.
     *
     * @param url         the URL the events name as {@code source.url}: the list's public URL, never one with a token
     * @param publication what the list states about its publication (its date, else the download's SHA-256)
     * @param version     the snapshot version the change produces (one more than the last changed fetch's)
     */
    public record ListContext(String listId, ListFormat format, String url, Instant occurredAt, String publication,
                              long version) {
    }

    /** The events of a change, and on what its countries were based ({@code programme}, {@code address}, {@code nationality}, or null when unresolved). */
    public record Result(List<SanctionEvent> events, String basis) {
        public boolean unresolved() {
            return events.isEmpty();
        }
    }

    private final ProgrammeCountries programmes;

    public ChangeEvents(ProgrammeCountries programmes) {
        this.programmes = programmes;
    }

    /** How the programmes of a list of {@code format} map to countries. */
    public Concerns concerns(ListFormat format) {
        return new Concerns(programmes, format.name());
    }

    public Result events(ListDiff.Change change, ListContext list) {
        String format = list.format().name();
        ListEntry entry = change.entry();
        if (change.unresolved()) {
            return new Result(List.of(), null);
        }
        List<SanctionEvent> events = change.countries().programmes().entrySet().stream().map(byCountry -> {
            String country = byCountry.getKey();
            List<String> concerned = byCountry.getValue();
            return new SanctionEvent(
                    eventId(list, entry.id(), change.action().name(), country),
                    list.occurredAt(),
                    list.format().issuer(),
                    country,
                    change.action(),
                    new SanctionTarget(format + ":" + entry.id(), cap(entry.name(), MAX_NAME), entry.targetKind()),
                    null,
                    concerned.isEmpty() ? null : cap(String.join(", ", concerned), MAX_PROGRAM),
                    null,
                    new Source(cap(list.format().title() + " (" + list.listId() + ")", MAX_NAME), cap(list.url(), MAX_URL)));
        }).toList();
        return new Result(events, change.countries().basis());
    }

    static String eventId(ListContext list, String entryId, String action, String country) {
        String material = String.join("\n", list.listId(), entryId, action, country, list.publication(),
                Long.toString(list.version()));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8));
            return "src:" + list.listId() + ":" + HexFormat.of().formatHex(hash, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String cap(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}

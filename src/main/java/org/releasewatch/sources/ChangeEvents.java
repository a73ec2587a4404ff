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
 * Turns a {@link ListDiff.Change} into the contract's SanctionEvents: one per country the change concerns. The
 * country comes from the programmes the change concerns ({@link ProgrammeCountries}), else from the entry's
 * addresses, else from its nationalities; with none of these the change is unresolved (counted and shown, never
 * dropped silently). The event id depends only on list, entry, action, country and the list's publication, so a
 * second fetch of the same publication, on any instance, gives the same ids.
 */
public final class ChangeEvents {

    static final int MAX_PROGRAM = 128;
    static final int MAX_NAME = 256;
    static final int MAX_URL = 2048;

    /** Where a list's events come from. */
    public record ListContext(String listId, ListFormat format, String url, Instant occurredAt, String publication) {
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

    public Result events(ListDiff.Change change, ListContext list) {
        String format = list.format().name();
        ListEntry entry = change.entry();
        List<String> countries = programmes.countries(format, change.programmes());
        String basis = "programme";
        if (countries.isEmpty()) {
            countries = entry.addressCountries();
            basis = "address";
        }
        if (countries.isEmpty()) {
            countries = entry.nationalities();
            basis = "nationality";
        }
        if (countries.isEmpty()) {
            return new Result(List.of(), null);
        }
        boolean byProgramme = basis.equals("programme");
        List<SanctionEvent> events = countries.stream().map(country -> {
            List<String> concerned = byProgramme ? programmes.programmesOf(format, change.programmes(), country) : change.programmes();
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
        return new Result(events, basis);
    }

    static String eventId(ListContext list, String entryId, String action, String country) {
        String material = String.join("\n", list.listId(), entryId, action, country, list.publication());
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

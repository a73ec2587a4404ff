package org.releasewatch.sources;

import org.releasewatch.sources.format.ListFormat;
import org.releasewatch.sources.roster.CsvRoster;
import org.releasewatch.sources.roster.JsonLinesRoster;
import org.releasewatch.sources.roster.RosterColumns;
import org.releasewatch.sources.roster.RosterFormat;
import org.releasewatch.sources.roster.RosterRow;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A prisoner roster as a {@link ListSource}: its rows are persons ({@link RosterEntry}), checked against the
 * contract's field limits as they are read; what their changes mean is {@link RosterDiff}'s.
 */
final class RosterSource implements ListSource<RosterEntry> {

    static final int MAX_EVENT_ID = 128;
    static final int MAX_NAME = 256;
    /** The longest version number an event id carries, and its two colons. */
    private static final int VERSION_AND_COLONS = 19 + 2;

    private final RosterConfig config;
    private final RosterFormat format;
    private final RosterDiff diff;
    private final Countries countries = Countries.get();
    private final String defaultCountry;

    RosterSource(RosterConfig config, String releasesTopic) {
        this.config = config;
        this.format = format(config);
        this.diff = new RosterDiff(config, releasesTopic);
        this.defaultCountry = config.country() == null || config.country().isBlank() ? null
                : config.country().trim().toUpperCase(java.util.Locale.ROOT);
    }

    /** The parser of a roster's {@code format}; its settings are checked at start-up ({@link RosterConfigCheck}). */
    static RosterFormat format(RosterConfig config) {
        RosterColumns columns = RosterColumns.of(config.columns());
        if ("json-lines".equals(config.format())) {
            return new JsonLinesRoster(columns);
        }
        Charset fallback = config.encoding() == null || config.encoding().isBlank() ? null : Charset.forName(config.encoding().trim());
        return new CsvRoster(columns, RosterConfigCheck.delimiter(config.delimiter()), fallback);
    }

    @Override
    public String id() {
        return config.rosterName();
    }

    @Override
    public String kind() {
        return "prisoner-roster";
    }

    @Override
    public String format() {
        return config.format();
    }

    @Override
    public String url() {
        return config.url();
    }

    @Override
    public Duration interval() {
        return config.interval();
    }

    @Override
    public boolean allowHttp() {
        return config.allowHttp();
    }

    @Override
    public Class<RosterEntry> entryType() {
        return RosterEntry.class;
    }

    @Override
    public Read<RosterEntry> read(InputStream in, int maxEntries) throws IOException, ListFormat.MalformedListException {
        Map<String, RosterEntry> persons = new HashMap<>();
        int maxId = MAX_EVENT_ID - id().length() - VERSION_AND_COLONS;
        try {
            format.read(in, row -> {
                if (persons.size() >= maxEntries) {
                    throw new BadRow("the roster has more than releasewatch.sources.max-entries (" + maxEntries + ") rows");
                }
                persons.putIfAbsent(row.id() == null ? "" : row.id(), entry(row, maxId));
            });
        } catch (BadRow e) {
            throw new ListFormat.MalformedListException(e.getMessage());
        }
        return new Read<>(persons, null);
    }

    private RosterEntry entry(RosterRow row, int maxId) {
        if (row.id() == null) {
            throw new BadRow("line " + row.line() + ": no id (column \"" + config.columns().get("id") + "\")");
        }
        if (row.id().codePointCount(0, row.id().length()) > maxId) {
            throw new BadRow("line " + row.line() + ": the id is longer than " + maxId + " characters (the event id "
                    + "<roster>:<id>:<version> may have " + MAX_EVENT_ID + ")");
        }
        if (row.name() == null) {
            throw new BadRow("line " + row.line() + ": no name (column \"" + config.columns().get("name") + "\")");
        }
        if (row.name().codePointCount(0, row.name().length()) > MAX_NAME) {
            throw new BadRow("line " + row.line() + ": the name is longer than " + MAX_NAME + " characters");
        }
        String country = row.country() == null ? defaultCountry : countries.code(row.country()).orElse(null);
        return RosterEntry.listed(row.id(), row.name(), country, row.status());
    }

    @Override
    public int listed(Map<String, RosterEntry> snapshot) {
        return (int) snapshot.values().stream().filter(e -> !e.gone()).count();
    }

    @Override
    public Version<RosterEntry> next(Map<String, RosterEntry> before, Read<RosterEntry> read, Context context) {
        return diff.next(before, read.entries(), context);
    }

    @Override
    public String noEventBecause(ListStatus.Unresolved u) {
        return "its row names no country the service knows and the roster sets no country";
    }

    /** A row that refuses the version, thrown out of the row callback. */
    private static final class BadRow extends RuntimeException {
        BadRow(String message) {
            super(message, null, false, false);
        }
    }
}

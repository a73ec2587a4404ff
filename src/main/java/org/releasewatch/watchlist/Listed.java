package org.releasewatch.watchlist;

import org.releasewatch.model.WatchlistEntry;

import java.text.Normalizer;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A person on the list as the view keeps it: the entry, who last changed it and when (from the record's
 * {@code releasewatch.changed-by}/{@code changed-at} headers; a record without them — a partner writing
 * the topic directly — has no name and the record's own time), and the keys it is sorted and found by.
 */
public record Listed(WatchlistEntry entry, String changedBy, Instant changedAt, String sortKey, String searchText) {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    public static Listed of(WatchlistEntry entry, String changedBy, Instant changedAt) {
        String name = fold(entry.name());
        return new Listed(entry, changedBy, changedAt, name + '\u0000' + entry.personId(),
                name + '\n' + fold(entry.personId()));
    }

    /** Case- and accent-insensitive form: "ales" finds "Aleś" and "ALES" (letters like "ł" stay as they are). */
    public static String fold(String s) {
        return MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT);
    }
}

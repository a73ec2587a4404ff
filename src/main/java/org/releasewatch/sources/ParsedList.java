package org.releasewatch.sources;

import org.releasewatch.sources.format.ListFormat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole list read from a stream: its entries by id and what it says about itself. Only the normalised entries
 * are kept (a few hundred bytes each), never the document.
 */
public record ParsedList(Map<String, ListEntry> entries, ListFormat.Publication publication) {

    /** Reads a list; an entry id that appears twice is one entry with the programmes and countries of both. */
    public static ParsedList read(ListFormat format, InputStream in, int maxEntries)
            throws IOException, ListFormat.MalformedListException {
        Map<String, ListEntry> entries = new HashMap<>();
        int[] count = {0};
        ListFormat.Publication publication;
        try {
            publication = format.parse(in, e -> {
                if (++count[0] > maxEntries) {
                    throw new TooLarge();
                }
                entries.merge(e.id(), e, ParsedList::merge);
            });
        } catch (TooLarge e) {
            throw new ListFormat.MalformedListException("the list has more than releasewatch.sources.max-entries ("
                    + maxEntries + ") entries");
        }
        return new ParsedList(entries, publication);
    }

    private static ListEntry merge(ListEntry a, ListEntry b) {
        return new ListEntry(a.id(), a.name(), a.kind(), concat(a.programmes(), b.programmes()),
                concat(a.addressCountries(), b.addressCountries()), concat(a.nationalities(), b.nationalities()),
                concat(a.unknownCountries(), b.unknownCountries()));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static final class TooLarge extends RuntimeException {
        TooLarge() {
            super(null, null, false, false);
        }
    }
}

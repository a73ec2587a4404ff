package org.releasewatch.sources;

import java.time.Instant;
import java.util.Map;

/**
 * What the service last accepted of a list (a sanctions list or a roster): its entries and a meta record. Kept in the compacted topic
 * {@code releasewatch.source-snapshots.v1}, one record per list and entry (key {@code <list>/entry/<id>}) and one
 * meta record per list (key {@code <list>/meta}).
 */
public record Snapshot<E>(Meta meta, Map<String, E> entries) {

    /**
     * @param etag         the {@code ETag} of the download, for the next conditional GET
     * @param lastModified its {@code Last-Modified}
     * @param publishedAt  the publication time the list states (null if it states none)
     * @param publication  the publication the event ids derive from (publication time, else the download's SHA-256)
     * @param sha256       the download's SHA-256
     * @param entries      number of entries
     * @param fetchedAt    when it was fetched
     * @param changedAt    when a fetch last changed the snapshot (null for the baseline)
     * @param version      how many fetches changed the snapshot since the baseline (0); the event ids of a
     *                     change derive from the version it makes, so a list that goes back and forth between
     *                     two identical files still gives new events each time
     */
    public record Meta(String format, String url, String etag, String lastModified, Instant publishedAt,
                       String publication, String sha256, int entries, Instant fetchedAt, Instant changedAt,
                       long version) {
    }

    public static <E> Snapshot<E> empty() {
        return new Snapshot<>(null, Map.of());
    }

    public boolean isEmpty() {
        return meta == null;
    }

    static String metaKey(String listId) {
        return listId + "/meta";
    }

    static String entryKey(String listId, String entryId) {
        return listId + "/entry/" + entryId;
    }
}

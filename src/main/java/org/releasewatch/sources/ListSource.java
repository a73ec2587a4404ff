package org.releasewatch.sources;

import org.releasewatch.sources.format.ListFormat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a followed list is made of and what its changes mean: a sanctions list (entries whose changes are
 * SanctionEvents) or a prisoner roster (persons whose leaving is an inferred ReleaseEvent). {@link ListRunner} does
 * the rest the same way for both: one fetcher through the Kafka group, conditional GET, the shrink guard, and the
 * events committed with the snapshot in one transaction.
 *
 * @param <E> a snapshot entry, written as JSON to the snapshot topic
 */
interface ListSource<E> {

    /** The list's name in the API, metrics and snapshot keys. */
    String id();

    /** {@code sanctions-list} or {@code prisoner-roster}: shown at {@code /api/sources} and in the log. */
    String kind();

    String format();

    String url();

    Duration interval();

    boolean allowHttp();

    Class<E> entryType();

    /**
     * Reads one download whole, streaming, bounded by {@code maxEntries}.
     *
     * @throws ListFormat.MalformedListException the download is not a complete list (truncated, malformed, too big)
     */
    Read<E> read(InputStream in, int maxEntries) throws IOException, ListFormat.MalformedListException;

    /** The entries of a snapshot the shrink guard counts (a roster keeps the released persons it remembers apart). */
    default int listed(Map<String, E> snapshot) {
        return snapshot.size();
    }

    /** The next snapshot after {@code before} given a new download, with the events its changes make. */
    Version<E> next(Map<String, E> before, Read<E> read, Context context);

    /** Why an unresolved change wrote no event, for the log. */
    String noEventBecause(ListStatus.Unresolved unresolved);

    /** A download read: its entries by id, and the publication time it states (null if none). */
    record Read<E>(Map<String, E> entries, Instant publishedAt) {
    }

    /**
     * Where a version's events come from.
     *
     * @param fetchedAt   when it was downloaded
     * @param occurredAt  the version's time: the publication it states, else the fetch time
     * @param publication what ids derive from besides the version (the publication time, else the SHA-256)
     * @param version     the snapshot version these changes make (one more than the last changed fetch's)
     */
    record Context(Instant fetchedAt, Instant occurredAt, String publication, long version) {
    }

    /**
     * A new snapshot and its events.
     *
     * @param changed whether anything the version counts changed (else the snapshot keeps its version)
     */
    record Version<E>(Map<String, E> entries, List<Out> events, List<ListStatus.Unresolved> unresolved, boolean changed) {
    }

    /** One event record to send in the version's transaction. */
    record Out(String topic, String key, String eventId, String action, byte[] value) {
    }
}

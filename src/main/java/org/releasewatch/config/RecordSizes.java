package org.releasewatch.config;

/**
 * The size chain of every record the service writes, in one place (see docs/limits.md):
 * <pre>
 *   releasewatch.ingest.max-bytes (default 1 MiB)  ≤  MAX_RECORD_BYTES / 2
 *   producer max.request.size                      =  MAX_RECORD_BYTES
 *   max.message.bytes of every topic it creates    =  MAX_RECORD_BYTES
 *   an alert record                                ≤  AlertSize.MAX_BYTES (256 KiB)
 * </pre>
 * An input record within {@code max-bytes} is re-serialised (a wrapper, a header) on its way to the internal
 * topic, or copied with four headers to the DLQ: both stay far under the limit of the topic and the producer,
 * so a valid record can always be written. The half is the margin for that growth and for input headers.
 */
public final class RecordSizes {

    /** Producer {@code max.request.size} and topic {@code max.message.bytes}: 2 MiB. */
    public static final int MAX_RECORD_BYTES = 2 * 1024 * 1024;

    private RecordSizes() {
    }

    /** Refuses, at start-up, an ingest limit the forwarder could not honour. */
    public static void checkIngestLimit(int maxBytes) {
        if (maxBytes < 1 || maxBytes > MAX_RECORD_BYTES / 2) {
            throw new IllegalStateException("releasewatch.ingest.max-bytes must be between 1 and " + MAX_RECORD_BYTES / 2
                    + " (half the " + MAX_RECORD_BYTES + "-byte record limit of the topics and producers, the margin for"
                    + " headers and re-serialisation), got " + maxBytes);
        }
    }
}

package org.releasewatch.model;

/** Headers the service puts on its internal records (never on the contract's output topics). */
public final class InternalHeaders {

    /** On the internal events topic: epoch milliseconds when ingest accepted the event (for the latency metric). */
    public static final String INGESTED_AT = "releasewatch.ingested-at";

    private InternalHeaders() {
    }
}

package org.releasewatch.sources.format;

import org.releasewatch.sources.ListEntry;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.function.Consumer;

/** One published list format: reads a download entry by entry (streaming) and hands each entry on normalised. */
public interface ListFormat {

    /** The configuration name, e.g. {@code ofac-sdn-xml}. */
    String name();

    /** The contract's {@code issuer} of the list's measures: {@code US}, {@code EU}, {@code UN}, {@code GB}. */
    String issuer();

    /** What a person calls the list, for {@code source.name}. */
    String title();

    /**
     * Reads the whole document, handing every entry to {@code entries} as it is read.
     *
     * @throws MalformedListException the document is not a complete list of this format (truncated, not XML, the
     *                                wrong root element, no entry, an entry without its id)
     * @throws IOException            reading the stream failed
     */
    Publication parse(InputStream in, Consumer<ListEntry> entries) throws MalformedListException, IOException;

    /**
     * What the document says about itself.
     *
     * @param publishedAt   the list's publication or generation time, if it states one
     * @param declaredCount the number of entries it says it has, if it does
     */
    record Publication(Instant publishedAt, Integer declaredCount) {
    }

    /** The download is not a complete, well-formed list of this format. */
    final class MalformedListException extends Exception {
        public MalformedListException(String message) {
            super(message);
        }

        public MalformedListException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

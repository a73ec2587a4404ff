package org.releasewatch.sources.roster;

import org.releasewatch.sources.format.ListFormat;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/** One way rosters are published: reads a download row by row (streaming) and hands on each row's mapped columns. */
public interface RosterFormat {

    /** The longest cell read, in characters: longer ones refuse the version (the contract's longest field is 2 048). */
    int MAX_CELL = 4096;

    /**
     * Reads the whole download. Every row must be read: a row left out would read as that person released, so a
     * row that cannot be read (a truncated file, a missing id or name, a cell over {@link #MAX_CELL}) refuses the
     * whole version.
     *
     * @throws ListFormat.MalformedListException the download is not a complete roster; the message names the line
     */
    void read(InputStream in, Consumer<RosterRow> rows) throws IOException, ListFormat.MalformedListException;
}

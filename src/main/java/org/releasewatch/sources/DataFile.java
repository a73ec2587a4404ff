package org.releasewatch.sources;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The mapping files shipped as resources: UTF-8 lines, blank ones and {@code #} comments skipped. */
final class DataFile {

    /** One line of a data file and its number, for errors that name it. */
    interface Line {
        void read(int number, String line);
    }

    private DataFile() {
    }

    static void read(String resource, Line each) {
        try (InputStream in = DataFile.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (!line.isBlank() && !line.startsWith("#")) {
                    each.read(number, line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.releasewatch.testing;

import org.releasewatch.broker.EmbeddedKafkaBroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One real embedded KRaft broker for the whole test JVM (starting one costs seconds), on a free
 * port in a temporary folder. Tests isolate themselves with their own topic names and group ids.
 */
public final class SharedBroker {

    private static EmbeddedKafkaBroker broker;

    private SharedBroker() {
    }

    public static synchronized EmbeddedKafkaBroker get() {
        if (broker == null) {
            try {
                Path dir = Files.createTempDirectory("releasewatch-test-broker");
                broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.freePort(), dir);
                Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "test-broker-shutdown"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return broker;
    }

    public static String bootstrapServers() {
        return get().bootstrapServers();
    }
}

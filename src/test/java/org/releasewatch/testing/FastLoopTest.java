package org.releasewatch.testing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast loop ({@code -Dgroups=fast}) stays fast: no class tagged {@link Fast} reaches for a broker, a service,
 * a browser or a child process — the things that cost seconds to start. Reads the test sources only.
 */
@Fast
class FastLoopTest {

    static final Path TESTS = Path.of("src/test/java");
    static final Pattern TAGGED = Pattern.compile("(?m)^@Fast\\s*$");
    /** What a fast test must not use: each starts a broker, a service instance, Chromium or a JVM. */
    static final List<String> SLOW = List.of("SharedBroker", "EmbeddedKafkaBroker.start", "new EmbeddedKafkaBroker",
            "TestService", "PackagedService", "ServiceProcess", "Chromium", "ChromeDriver", "ProcessBuilder",
            "ApplicationContext.run", "EmbeddedServer");

    @Test
    void noFastTestStartsABrokerAServiceABrowserOrAProcess() throws IOException {
        Map<String, List<String>> offenders = new TreeMap<>();
        List<Path> fast = fastTests();
        for (Path file : fast) {
            String source = Files.readString(file);
            List<String> used = SLOW.stream().filter(source::contains).toList();
            if (!used.isEmpty()) {
                offenders.put(TESTS.relativize(file).toString(), used);
            }
        }
        assertThat(offenders).as("@Fast tests that start something slow").isEmpty();
        assertThat(fast).as("the fast loop is not empty").hasSizeGreaterThanOrEqualTo(40);
    }

    static List<Path> fastTests() throws IOException {
        try (Stream<Path> files = Files.walk(TESTS)) {
            return files.filter(f -> f.toString().endsWith("Test.java"))
                    .filter(f -> !f.endsWith("FastLoopTest.java")) // names the slow helpers, uses none
                    .filter(f -> {
                        try {
                            return TAGGED.matcher(Files.readString(f)).find();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .sorted().toList();
        }
    }
}

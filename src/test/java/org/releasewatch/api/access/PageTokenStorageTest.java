package org.releasewatch.api.access;

import org.junit.jupiter.api.Test;
import org.releasewatch.testing.Fast;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages keep a token for one tab only (sessionStorage): no script under {@code public/} reads or writes
 * {@code localStorage}, where a token would outlive the session and be readable by every later page of the origin.
 */
@Fast
class PageTokenStorageTest {

    @Test
    void noPageScriptUsesLocalStorage() throws IOException {
        Path pub = Path.of("src/main/resources/public");
        List<Path> scripts;
        try (Stream<Path> files = Files.walk(pub)) {
            scripts = files.filter(p -> p.toString().endsWith(".js") || p.toString().endsWith(".html")).toList();
        }
        assertThat(scripts).as("the pages' scripts").isNotEmpty();
        for (Path script : scripts) {
            String text = Files.readString(script, StandardCharsets.UTF_8);
            assertThat(text).as(script.toString()).doesNotContainIgnoringCase("localStorage");
        }
    }
}

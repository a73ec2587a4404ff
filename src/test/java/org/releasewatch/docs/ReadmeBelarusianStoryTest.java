package org.releasewatch.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.releasewatch.testing.Fast;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's Belarusian lines of the story are lines the Slack renderer writes: each is the text of a section of
 * the Belarusian golden batch ({@code RendererGoldenTest} keeps that file equal to the renderer's output).
 */
@Fast
class ReadmeBelarusianStoryTest {

    @Test
    void everyBelarusianLineOfTheReadmeIsASectionOfTheGoldenSlackBatch() throws IOException {
        JsonNode batch = new ObjectMapper().readTree(
                Files.readString(Path.of("src/test/resources/channels/slack/story-batch.be.json"), StandardCharsets.UTF_8));
        List<String> sections = new ArrayList<>();
        batch.path("blocks").forEach(b -> sections.add(b.path("text").path("text").asText()));

        List<String> readmeLines = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8).lines()
                .map(String::strip)
                .filter(l -> l.startsWith("🔴 КРЫТЫЧНА") || l.startsWith("🟠 ПАПЯРЭДЖАННЕ"))
                .toList();

        assertThat(readmeLines).as("Belarusian lines in the README").hasSizeGreaterThanOrEqualTo(3);
        assertThat(readmeLines).allSatisfy(line -> assertThat(sections).contains(line));
    }
}

package org.releasewatch.delivery.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.releasewatch.model.Alert;
import org.releasewatch.testing.Fast;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exact text a Slack user sees for the 13 December 2025 story (the six alerts of the demo, run through the
 * rules), one message per alert and as one batch: printed, written to {@code target/slack-story.txt}, and found
 * verbatim in {@code docs/slack-story.md} (and the batch in README.md), so the pages cannot drift from the renderer.
 */
@Fast
class SlackStoryTest {

    @Test
    void docsShowWhatASlackUserSeesForTheDecember13Story() throws IOException {
        SlackRenderer slack = new SlackRenderer(Fixtures.LINKS);
        ChannelTarget target = Fixtures.target(ChannelFormat.SLACK, Fixtures.url(ChannelFormat.SLACK));
        List<String> previews = new ArrayList<>();
        for (Alert alert : Fixtures.storyWithNotes()) {
            previews.add(preview(slack.render(List.of(alert), target).message()));
        }
        previews.add(preview(slack.render(Fixtures.storyWithNotes(), target).message()));
        String all = String.join("\n", previews);
        System.out.println(all);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/slack-story.txt"), all, StandardCharsets.UTF_8);

        String docs = Files.readString(Path.of("docs/slack-story.md"), StandardCharsets.UTF_8);
        assertThat(Fixtures.storyWithNotes()).extracting(Alert::id).isEqualTo(Fixtures.story().stream().map(Alert::id).toList());
        assertThat(previews).hasSize(7).allSatisfy(p -> assertThat(docs).contains(p));
        // the README's tour shows the batch, inside a list item (indented by three spaces)
        String batch = previews.get(6).lines().map(l -> "   " + l).collect(java.util.stream.Collectors.joining("\n"));
        assertThat(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8)).contains(batch);
    }

    /** What Slack shows: the notification line, then each block as text; mrkdwn bold and links resolved. */
    static String preview(ObjectNode message) {
        StringBuilder out = new StringBuilder("```\n");
        out.append("notification: ").append(slackText(message.path("text").asText())).append('\n');
        for (JsonNode block : message.path("blocks")) {
            switch (block.path("type").asText()) {
                case "header" -> out.append(block.path("text").path("text").asText()).append('\n');
                case "section" -> {
                    if (block.has("text")) {
                        out.append(visible(block.path("text")));
                        if (block.has("accessory")) {
                            out.append("  [").append(block.path("accessory").path("text").path("text").asText()).append("](")
                                    .append(block.path("accessory").path("url").asText()).append(")");
                        }
                        out.append('\n');
                    }
                    JsonNode fields = block.path("fields");
                    for (int i = 0; i + 1 < fields.size(); i += 2) {
                        out.append(visible(fields.get(i))).append(": ").append(visible(fields.get(i + 1))).append('\n');
                    }
                }
                case "context" -> {
                    List<String> parts = new ArrayList<>();
                    block.path("elements").forEach(e -> parts.add(visible(e)));
                    out.append(String.join(" · ", parts)).append('\n');
                }
                default -> out.append("(").append(block.path("type").asText()).append(")\n");
            }
        }
        return out.append("```\n").toString();
    }

    private static String visible(JsonNode text) {
        String s = text.path("text").asText();
        if (!text.path("type").asText().equals("mrkdwn")) {
            return s;
        }
        Matcher link = Pattern.compile("<([^|>]+)\\|([^>]+)>").matcher(s);
        s = link.replaceAll(m -> Matcher.quoteReplacement("[" + m.group(2) + "](" + m.group(1) + ")"));
        return slackText(s.replaceAll("\\*([^*]+)\\*", "$1"));
    }

    private static String slackText(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}

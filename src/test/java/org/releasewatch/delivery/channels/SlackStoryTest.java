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

    /**
     * The LINKED_RELIEF thread of the story with the relief announced at 07:00, as a Slack user sees its four
     * messages: linked to 1 release, "Update:" at 10 and at 100, and "Update:" with the final 123. Written to
     * {@code target/slack-linked-relief.txt}.
     */
    @Test
    void aSlackUserSeesTheLinkedReliefThreadFromOneTo123() throws IOException {
        SlackRenderer slack = new SlackRenderer(Fixtures.LINKS);
        ChannelTarget target = Fixtures.target(ChannelFormat.SLACK, Fixtures.url(ChannelFormat.SLACK));
        List<Alert> thread = org.releasewatch.rules.StoryAlerts.linkedReliefThread();
        List<String> previews = thread.stream().map(a -> preview(slack.render(List.of(a), target).message())).toList();
        String all = String.join("\n", previews);
        System.out.println(all);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/slack-linked-relief.txt"), all, StandardCharsets.UTF_8);

        assertThat(thread).extracting(a -> a.details().get("releaseCount").asInt()).containsExactly(1, 10, 100, 123);
        assertThat(previews.get(0)).contains("notification: [CRITICAL] US lifted sanctions on Belaruskali, linked to 1 release from Belarus");
        assertThat(previews.subList(1, 4)).allSatisfy(p -> assertThat(p).contains("notification: Update: [CRITICAL] US lifted sanctions on Belaruskali, linked to "));
        assertThat(previews.get(1)).contains("10 releases, was 1");
        assertThat(previews.get(2)).contains("100 releases, was 10");
        assertThat(previews.get(3)).contains("123 releases linked when the window closed, was 100");
        // the README's tour shows the thread's notification lines, indented inside its list item
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        assertThat(previews).allSatisfy(p -> assertThat(readme).contains("   " + p.lines().filter(l -> l.startsWith("notification:")).findFirst().orElseThrow() + "\n"));
    }

    /** The same thread for a subscription with {@code locale: be}: the change lines too are Belarusian (i18n/ChangeLines). */
    @Test
    void aBelarusianReaderGetsTheThreadsChangeLinesInBelarusian() {
        SlackRenderer slack = new SlackRenderer(Fixtures.LINKS);
        ChannelTarget target = Fixtures.target(ChannelFormat.SLACK, Fixtures.url(ChannelFormat.SLACK))
                .inLanguage(org.releasewatch.i18n.Language.BE);
        List<String> previews = org.releasewatch.rules.StoryAlerts.linkedReliefThread().stream()
                .map(a -> preview(slack.render(List.of(a), target).message())).toList();
        assertThat(previews.get(1)).contains("Змена: 10 вызваленняў, было 1").doesNotContain("was 1");
        assertThat(previews.get(2)).contains("Змена: 100 вызваленняў, было 10");
        assertThat(previews.get(3)).contains("Змена: 123 вызваленні на закрыцці акна, было 100");
    }

    /** A watched release whose only report is withdrawn: Slack gets the cancel as "Withdrawn:" with the change line. */
    @Test
    void aWithdrawnReportReachesSlackAsWithdrawn() {
        SlackRenderer slack = new SlackRenderer(Fixtures.LINKS);
        ChannelTarget target = Fixtures.target(ChannelFormat.SLACK, Fixtures.url(ChannelFormat.SLACK));
        List<Alert> thread = org.releasewatch.rules.StoryAlerts.bialiatskiWithdrawn();
        assertThat(thread).extracting(Alert::type).containsExactly(org.releasewatch.model.MsgType.ALERT,
                org.releasewatch.model.MsgType.CANCEL);
        String cancel = preview(slack.render(List.of(thread.get(1)), target).message());
        System.out.println(cancel);
        assertThat(cancel).contains("notification: Withdrawn: [CRITICAL] Ales Bialiatski released from detention in Belarus")
                .contains("Change: report withdrawn by its source (the source could not confirm the release)")
                .contains("https://releasewatch.example.org/alerts/" + thread.get(0).id());
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

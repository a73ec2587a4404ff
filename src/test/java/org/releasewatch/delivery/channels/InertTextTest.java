package org.releasewatch.delivery.channels;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.testing.Fast;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person named {@code <script>alert(1)</script> *_~ @everyone} — with hostile tags, charges, note and source
 * name as well — arrives at each chat service as exactly those characters: no markup, no formatting, no link,
 * no mention. Checked on what the loopback service received, the way that service reads it.
 */
@Fast
class InertTextTest {

    private static final String OUR_LINK = "https://releasewatch.example.org/alerts/";

    private static FakeChatService.Request deliver(FakeChatService service) {
        HttpChannelSender sender = new HttpChannelSender(Fixtures.http(), Fixtures.LINKS,
                new Pacer(Clock.systemUTC()), Clock.systemUTC());
        Alert alert = Fixtures.hostile();
        assertThat(sender.send(List.of(alert), Fixtures.target(service.format, service.url()))).isInstanceOf(Delivery.Accepted.class);
        FakeChatService.Request request = service.requests().get(0);
        assertThat(request.problems()).isEmpty();
        return request;
    }

    @Test
    void slackShowsTheNameAsPlainTextAndParsesNothingOfIt() {
        try (FakeChatService service = new FakeChatService(ChannelFormat.SLACK)) {
            JsonNode m = deliver(service).json();
            assertThat(m.path("mrkdwn").asBoolean(true)).isFalse();
            assertThat(m.path("text").asText()).contains("&lt;script&gt;alert(1)&lt;/script&gt; *_~ @everyone").doesNotContain("<");
            List<JsonNode> texts = new ArrayList<>();
            m.path("blocks").findParents("type").forEach(n -> {
                if (n.has("text") && n.path("text").isTextual()) {
                    texts.add(n);
                }
            });
            assertThat(texts).filteredOn(t -> t.path("type").asText().equals("mrkdwn")).isNotEmpty().allSatisfy(t ->
                    assertThat(t.path("text").asText()).as("mrkdwn holds only our labels and our link")
                            .matches("\\*[A-Za-z ]+\\*|<" + Pattern.quote(OUR_LINK) + "[0-9a-f-]{36}\\|Open alert in releasewatch>"));
            assertThat(texts).filteredOn(t -> t.path("type").asText().equals("plain_text")).extracting(t -> t.path("text").asText())
                    .contains(Fixtures.HOSTILE, "🔴 " + Fixtures.hostile().title());
        }
    }

    @Test
    void discordEscapesEveryMarkdownCharacterAndAllowsNoMentions() {
        try (FakeChatService service = new FakeChatService(ChannelFormat.DISCORD)) {
            JsonNode m = deliver(service).json();
            assertThat(m.path("allowed_mentions").path("parse")).isEmpty();
            JsonNode embed = m.path("embeds").get(0);
            List<String> texts = new ArrayList<>(List.of(m.path("content").asText(), embed.path("title").asText()));
            embed.path("fields").forEach(f -> texts.add(f.path("value").asText()));
            for (String text : texts) {
                assertThat(text).doesNotContain("@everyone").doesNotContain("@here");
                assertThat(unescapedSpecials(text.replace("**CRITICAL**", ""))).as(text).isEmpty();
            }
            assertThat(discordUnescape(embed.path("title").asText())).startsWith(Fixtures.HOSTILE);
            assertThat(embed.path("fields")).anySatisfy(f -> {
                assertThat(f.path("name").asText()).isEqualTo("Person");
                assertThat(discordUnescape(f.path("value").asText())).isEqualTo(Fixtures.HOSTILE);
            });
        }
    }

    @Test
    void teamsShowsTheNameInATextRunAndEscapesFactMarkdown() {
        try (FakeChatService service = new FakeChatService(ChannelFormat.TEAMS)) {
            JsonNode card = deliver(service).json().path("attachments").get(0).path("content");
            assertThat(card.findValues("inlines")).anySatisfy(inlines ->
                    assertThat(inlines.get(0).path("text").asText()).startsWith(Fixtures.HOSTILE));
            assertThat(card.findValuesAsText("type")).doesNotContain("TextBlock"); // markdown is read only there and in facts
            JsonNode facts = card.findValue("facts");
            facts.forEach(f -> assertThat(unescapedSpecials(f.path("value").asText())).as(f.toString()).isEmpty());
            assertThat(facts).anySatisfy(f -> {
                assertThat(f.path("title").asText()).isEqualTo("Person");
                assertThat(f.path("value").asText().replaceAll("\\\\(\\p{Punct})", "$1")).isEqualTo(Fixtures.HOSTILE);
            });
        }
    }

    @Test
    void telegramReceivesOnlyItsOwnTagsAndShowsTheNameAsText() {
        try (FakeChatService service = new FakeChatService(ChannelFormat.TELEGRAM)) {
            String html = deliver(service).json().path("text").asText();
            Matcher tags = Pattern.compile("<(/?)([a-z-]+)([^>]*)>").matcher(html);
            while (tags.find()) {
                assertThat(tags.group(2)).isIn("b", "a");
                if (tags.group(2).equals("a") && tags.group(1).isEmpty()) {
                    assertThat(tags.group(3)).startsWith(" href=\"" + OUR_LINK);
                }
            }
            List<String> problems = new ArrayList<>();
            String visible = FakeChatService.telegramVisibleText(html, problems);
            assertThat(problems).isEmpty();
            assertThat(visible).contains("Person: " + Fixtures.HOSTILE, "<img src=x onerror=alert(1)> _src_", "<i>note</i> `code` @everyone");
        }
    }

    /** Characters that start Discord/Teams markdown, a mention or a tag, not preceded by a backslash. */
    private static List<String> unescapedSpecials(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("(?<!\\\\)(?:\\\\\\\\)*([*_~`<>\\[\\]|])").matcher(text);
        while (m.find()) {
            found.add(m.group(1) + " at " + m.start(1));
        }
        return found;
    }

    private static String discordUnescape(String text) {
        return text.replace("\u200B", "").replaceAll("\\\\([^A-Za-z0-9\\s])", "$1");
    }

    static {
        Json.MAPPER.getClass(); // the hostile fixture is written with the service's own JSON mapping
    }
}

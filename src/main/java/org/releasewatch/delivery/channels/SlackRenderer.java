package org.releasewatch.delivery.channels;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.releasewatch.json.Json;

import java.util.List;

/**
 * Slack incoming-webhook message (also accepted by Mattermost and Rocket.Chat): {@code text} is the notification
 * line (with {@code mrkdwn: false}), {@code blocks} the Block Kit layout. Input text goes into {@code plain_text}
 * objects, which Slack never parses for formatting or mentions; the only {@code mrkdwn} texts are the
 * renderer's own labels and the link back. Limits kept (docs.slack.dev, Block Kit reference): at most 50
 * blocks; header text ≤ 150; section text ≤ 3000; section fields ≤ 10 of ≤ 2000; context ≤ 10 elements;
 * button text ≤ 75, URL ≤ 3000; the top-level text is kept ≤ 3000 (Slack truncates at 40 000).
 */
public final class SlackRenderer extends ChannelRenderer<ObjectNode> {

    static final int MAX_BLOCKS = 50;
    static final int MAX_HEADER = 150;
    static final int MAX_SECTION_TEXT = 3000;
    static final int MAX_FIELD = 2000;
    static final int MAX_FIELDS = 10;

    public SlackRenderer(AlertLinks links) {
        super(links);
    }

    @Override
    protected int maxListed() {
        return 40;
    }

    @Override
    protected ObjectNode one(AlertView v) {
        ObjectNode message = Json.MAPPER.createObjectNode();
        message.put("text", Text.fit(v.notificationLine(), MAX_SECTION_TEXT, Escape::slack));
        message.put("mrkdwn", false);
        ArrayNode blocks = message.putArray("blocks");
        blocks.add(header(v.mark() + " " + v.heading()));
        ArrayNode overview = section(blocks).putArray("fields");
        pair(overview, v.say("label.severity"), v.severityWord());
        pair(overview, v.say("label.country"), v.country());
        pair(overview, v.say("label.time"), v.time());
        pair(overview, v.say("label.rule"), v.ruleName());
        ArrayNode facts = null;
        for (AlertView.Fact fact : v.facts()) {
            if (facts == null || facts.size() == MAX_FIELDS) {
                facts = section(blocks).putArray("fields");
            }
            pair(facts, fact.label(), fact.value());
        }
        ObjectNode context = blocks.addObject().put("type", "context");
        ArrayNode elements = context.putArray("elements");
        elements.addObject().put("type", "mrkdwn").put("text", link(v.link(), Escape.slack(v.say("link.open"))));
        if (!v.sources().isEmpty()) {
            plain(elements.addObject(), v.say("label.sources") + ": " + v.sources(), MAX_FIELD);
        }
        return message;
    }

    @Override
    protected ObjectNode listing(List<AlertView> all, int shown) {
        AlertView first = all.get(0);
        ObjectNode message = Json.MAPPER.createObjectNode();
        message.put("text", Text.fit(batch(all, "batch.summary"), MAX_SECTION_TEXT, Escape::slack));
        message.put("mrkdwn", false);
        ArrayNode blocks = message.putArray("blocks");
        blocks.add(header("🔔 " + alerts(all)));
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                .put("text", "*" + counts(all) + "* · " + Escape.slack(first.say("batch.mostSevereFirst")));
        for (int i = 0; i < shown; i++) {
            AlertView v = all.get(i);
            ObjectNode section = blocks.addObject().put("type", "section");
            plain(section.putObject("text"), v.mark() + " " + v.severityLabel() + " · " + v.heading() + " · "
                    + v.countryCode() + " · " + v.time(), MAX_SECTION_TEXT);
            ObjectNode button = section.putObject("accessory").put("type", "button");
            plain(button.putObject("text"), v.say("link.openShort"), 75);
            button.put("url", v.link()).put("action_id", "open-" + i);
        }
        String more = more(all, shown);
        if (!more.isEmpty()) {
            ArrayNode elements = blocks.addObject().put("type", "context").putArray("elements");
            plain(elements.addObject(), more, MAX_FIELD);
        }
        return message;
    }

    @Override
    protected boolean fits(ObjectNode message) {
        return message.path("blocks").size() <= MAX_BLOCKS;
    }

    private static ObjectNode header(String text) {
        ObjectNode header = Json.MAPPER.createObjectNode().put("type", "header");
        plain(header.putObject("text"), text, MAX_HEADER);
        return header;
    }

    private static ObjectNode section(ArrayNode blocks) {
        return blocks.addObject().put("type", "section");
    }

    /** A label (the renderer's own words, bold) and a value (input text, plain) side by side. */
    private static void pair(ArrayNode fields, String label, String value) {
        fields.addObject().put("type", "mrkdwn").put("text", "*" + label + "*");
        plain(fields.addObject(), value, MAX_FIELD);
    }

    private static void plain(ObjectNode node, String text, int max) {
        node.put("type", "plain_text").put("text", Text.fit(text.isEmpty() ? "—" : text, max, Escape::unlink)).put("emoji", false);
    }

    /** {@code <url|label>}: the URL is the service's own link, escaped as Slack asks for {@code & < >}. */
    private static String link(String url, String label) {
        return "<" + Escape.slackUrl(url).replace("|", "%7C") + "|" + label + ">";
    }
}

package org.releasewatch.delivery.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.releasewatch.json.Json;
import org.releasewatch.model.Severity;

import java.util.List;

/**
 * Discord execute-webhook message: {@code content} (the notification line) and one embed coloured by severity,
 * with {@code allowed_mentions: {parse: []}} so that nothing in a message can ping anyone. Input text is
 * escaped for Discord markdown ({@link Escape#discord}). Limits kept (Discord developer docs, Message resource →
 * Embed limits): content ≤ 2000; embed title ≤ 256, description ≤ 4096, ≤ 25 fields of name ≤ 256 and value ≤
 * 1024, footer ≤ 2048, and all of these together ≤ 6000 characters.
 */
public final class DiscordRenderer extends ChannelRenderer<ObjectNode> {

    static final int MAX_CONTENT = 2000;
    static final int MAX_TITLE = 256;
    static final int MAX_DESCRIPTION = 4096;
    static final int MAX_FIELDS = 25;
    static final int MAX_FIELD_VALUE = 1024;
    static final int MAX_TOTAL = 6000;
    private static final String FOOTER = "releasewatch";

    public DiscordRenderer(AlertLinks links) {
        super(links);
    }

    static int colour(Severity severity) {
        return switch (severity) {
            case CRITICAL -> 0xD32F2F;
            case WARNING -> 0xF57C00;
            case INFO -> 0x1976D2;
        };
    }

    @Override
    protected int maxListed() {
        return 25;
    }

    @Override
    protected ObjectNode one(AlertView v) {
        // the facts are shortened until the whole embed fits its 6000-character budget
        for (int cap = MAX_FIELD_VALUE; ; cap = cap / 2) {
            ObjectNode message = one(v, cap);
            if (fits(message) || cap < 64) {
                return message;
            }
        }
    }

    private ObjectNode one(AlertView v, int cap) {
        ObjectNode message = base(v.mark() + " **" + v.severityLabel() + "** · " + Text.fit(v.heading(), MAX_CONTENT - 40, Escape::discord), v.severity());
        ObjectNode embed = (ObjectNode) message.path("embeds").get(0);
        embed.put("title", Text.fit(v.heading(), MAX_TITLE, Escape::discord));
        embed.put("url", v.link());
        embed.put("description", v.ruleName() + " · " + Text.fit(v.country(), 100, Escape::discord) + " · " + v.time());
        if (v.occurredAt() != null) {
            embed.put("timestamp", v.occurredAt().toString());
        }
        ArrayNode fields = embed.putArray("fields");
        field(fields, v.say("label.severity"), v.severityWord(), cap, true);
        field(fields, v.say("label.country"), v.country(), cap, true);
        for (AlertView.Fact fact : v.facts()) {
            if (fields.size() < MAX_FIELDS - 1) {
                field(fields, fact.label(), fact.value(), cap, false);
            }
        }
        if (!v.sources().isEmpty()) {
            field(fields, v.say("label.sources"), v.sources(), cap, false);
        }
        return message;
    }

    @Override
    protected ObjectNode listing(List<AlertView> all, int shown) {
        AlertView first = all.get(0);
        ObjectNode message = base("🔔 **" + alerts(all) + "** · " + counts(all), first.severity());
        ObjectNode embed = (ObjectNode) message.path("embeds").get(0);
        embed.put("title", batch(all, "batch.title"));
        StringBuilder description = new StringBuilder();
        for (int i = 0; i < shown; i++) {
            AlertView v = all.get(i);
            description.append(v.mark()).append(" **").append(v.severityLabel()).append("** [")
                    .append(Text.fit(v.heading(), 300, Escape::discord)).append("](").append(v.link()).append(") · ")
                    .append(Escape.discord(v.countryCode() == null ? "?" : v.countryCode())).append(" · ").append(v.time()).append('\n');
        }
        description.append(more(all, shown));
        embed.put("description", description.toString().strip());
        return message;
    }

    @Override
    protected boolean fits(ObjectNode message) {
        if (message.path("content").asText().length() > MAX_CONTENT) {
            return false;
        }
        JsonNode embed = message.path("embeds").path(0);
        int total = embed.path("title").asText().length() + embed.path("description").asText().length()
                + embed.path("footer").path("text").asText().length();
        if (embed.path("title").asText().length() > MAX_TITLE || embed.path("description").asText().length() > MAX_DESCRIPTION
                || embed.path("fields").size() > MAX_FIELDS) {
            return false;
        }
        for (JsonNode f : embed.path("fields")) {
            total += f.path("name").asText().length() + f.path("value").asText().length();
        }
        return total <= MAX_TOTAL;
    }

    private static ObjectNode base(String content, Severity severity) {
        ObjectNode message = Json.MAPPER.createObjectNode();
        message.put("content", Text.fit(content, MAX_CONTENT));
        ObjectNode embed = message.putArray("embeds").addObject();
        embed.put("color", colour(severity));
        embed.putObject("footer").put("text", FOOTER);
        message.putObject("allowed_mentions").putArray("parse");
        return message;
    }

    private static void field(ArrayNode fields, String name, String value, int cap, boolean inline) {
        fields.addObject().put("name", name)
                .put("value", Text.fit(value.isEmpty() ? "—" : value, Math.min(cap, MAX_FIELD_VALUE), Escape::discord))
                .put("inline", inline);
    }
}

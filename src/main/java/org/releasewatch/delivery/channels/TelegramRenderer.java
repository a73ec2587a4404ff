package org.releasewatch.delivery.channels;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.releasewatch.json.Json;

import java.util.List;

/**
 * Telegram Bot API {@code sendMessage} with {@code parse_mode: "HTML"}: the only tags are the renderer's own
 * {@code <b>} and {@code <a href>}; all input text is escaped ({@link Escape#telegram}). Link previews are off
 * ({@code link_preview_options.is_disabled}), so a source URL cannot pull a preview into the chat. Limit kept
 * (core.telegram.org/bots/api#sendmessage): text 1–4096 characters after entities parsing; the renderer keeps
 * the text <em>before</em> parsing within 4096, which is never shorter.
 */
public final class TelegramRenderer extends ChannelRenderer<ObjectNode> {

    static final int MAX_TEXT = 4096;

    private final String chatId;

    public TelegramRenderer(AlertLinks links, String chatId) {
        super(links);
        this.chatId = chatId;
    }

    @Override
    protected int maxListed() {
        return 40;
    }

    @Override
    protected ObjectNode one(AlertView v) {
        for (int cap = AlertView.MAX_FACT; ; cap = cap / 2) {
            ObjectNode message = one(v, cap);
            if (fits(message) || cap < 32) {
                return message;
            }
        }
    }

    private ObjectNode one(AlertView v, int cap) {
        StringBuilder text = new StringBuilder();
        text.append(v.mark()).append(" <b>").append(v.severityLabel()).append("</b> · ")
                .append(Escape.telegram(v.ruleName())).append('\n');
        text.append("<b>").append(Text.fit(v.heading(), 600, Escape::telegram)).append("</b>\n\n");
        line(text, v.say("label.severity"), v.severityWord(), cap);
        line(text, v.say("label.country"), v.country(), cap);
        line(text, v.say("label.time"), v.time(), cap);
        for (AlertView.Fact fact : v.facts()) {
            line(text, fact.label(), fact.value(), cap);
        }
        if (!v.sources().isEmpty()) {
            line(text, v.say("label.sources"), v.sources(), cap);
        }
        text.append('\n').append(link(v.link(), v.say("link.open")));
        return message(text.toString());
    }

    @Override
    protected ObjectNode listing(List<AlertView> all, int shown) {
        StringBuilder text = new StringBuilder();
        text.append("🔔 <b>").append(Escape.telegram(alerts(all))).append("</b> · ").append(Escape.telegram(counts(all))).append("\n\n");
        for (int i = 0; i < shown; i++) {
            AlertView v = all.get(i);
            text.append(v.mark()).append(" <b>").append(v.severityLabel()).append("</b> ")
                    .append(link(v.link(), Text.fit(v.heading(), 300))).append(" · ")
                    .append(Escape.telegram(v.countryCode() == null ? "?" : v.countryCode())).append(" · ")
                    .append(v.time()).append('\n');
        }
        String more = more(all, shown);
        if (!more.isEmpty()) {
            text.append('\n').append(Escape.telegram(more));
        }
        return message(text.toString().strip());
    }

    @Override
    protected boolean fits(ObjectNode message) {
        return message.path("text").asText().length() <= MAX_TEXT;
    }

    private ObjectNode message(String text) {
        ObjectNode message = Json.MAPPER.createObjectNode();
        if (chatId != null && chatId.matches("-?[0-9]{1,18}")) {
            message.put("chat_id", Long.parseLong(chatId));
        } else {
            message.put("chat_id", chatId);
        }
        message.put("text", text);
        message.put("parse_mode", "HTML");
        message.putObject("link_preview_options").put("is_disabled", true);
        return message;
    }

    private static void line(StringBuilder text, String label, String value, int cap) {
        text.append("<b>").append(label).append(":</b> ").append(Text.fit(value, cap, Escape::telegram)).append('\n');
    }

    /** {@code <a href="url">label</a>}; {@code label} is input text and escaped here. */
    private static String link(String url, String label) {
        return "<a href=\"" + Escape.telegramAttribute(url) + "\">" + Escape.telegram(label) + "</a>";
    }
}

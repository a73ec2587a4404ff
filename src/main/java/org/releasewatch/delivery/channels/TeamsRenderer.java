package org.releasewatch.delivery.channels;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.releasewatch.json.Json;
import org.releasewatch.model.Severity;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Microsoft Teams workflow-webhook message ("When a Teams webhook request is received"): a {@code message} with
 * one Adaptive Card attachment, schema version {@value #VERSION}. Titles and listings are {@code RichTextBlock}
 * text runs, which Adaptive Cards never parse as Markdown; fact values (the Markdown subset of {@code FactSet})
 * are escaped with {@link Escape#teams}. Limits kept: Teams refuses messages over about 28 KB (learn.microsoft.com,
 * "Create incoming webhooks" / Teams connector known limits); the renderer keeps the JSON under
 * {@value #MAX_BYTES} bytes.
 */
public final class TeamsRenderer extends ChannelRenderer<ObjectNode> {

    static final String VERSION = "1.4";
    static final String CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
    static final int MAX_BYTES = 26_000;

    public TeamsRenderer(AlertLinks links) {
        super(links);
    }

    @Override
    protected int maxListed() {
        return 40;
    }

    @Override
    protected ObjectNode one(AlertView v) {
        ObjectNode message = Json.MAPPER.createObjectNode();
        ObjectNode card = card(message);
        ArrayNode body = card.putArray("body");
        run(body, v.mark() + " " + v.severityLabel() + " · " + v.ruleName(), "Bolder", "Small", colour(v.severity()), null);
        run(body, v.heading(), "Bolder", "Medium", null, null);
        ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
        fact(facts, v.say("label.severity"), v.severityWord());
        fact(facts, v.say("label.country"), v.country());
        fact(facts, v.say("label.time"), v.time());
        for (AlertView.Fact fact : v.facts()) {
            fact(facts, fact.label(), fact.value());
        }
        if (!v.sources().isEmpty()) {
            fact(facts, v.say("label.sources"), v.sources());
        }
        card.putArray("actions").addObject().put("type", "Action.OpenUrl").put("title", v.say("link.openAlert")).put("url", v.link());
        return message;
    }

    @Override
    protected ObjectNode listing(List<AlertView> all, int shown) {
        ObjectNode message = Json.MAPPER.createObjectNode();
        ObjectNode card = card(message);
        ArrayNode body = card.putArray("body");
        run(body, "🔔 " + alerts(all) + " · " + counts(all), "Bolder", "Medium", colour(all.get(0).severity()), null);
        for (int i = 0; i < shown; i++) {
            AlertView v = all.get(i);
            ObjectNode block = body.addObject().put("type", "RichTextBlock").put("separator", i == 0);
            ArrayNode inlines = block.putArray("inlines");
            inlines.addObject().put("type", "TextRun").put("text", v.mark() + " " + v.severityLabel() + " ")
                    .put("weight", "Bolder").put("color", colour(v.severity()));
            ObjectNode title = inlines.addObject().put("type", "TextRun").put("text", Text.fit(v.heading(), 300, Escape::unlink));
            title.putObject("selectAction").put("type", "Action.OpenUrl").put("url", v.link());
            inlines.addObject().put("type", "TextRun").put("text", " · " + v.countryCode() + " · " + v.time()).put("isSubtle", true);
        }
        String more = more(all, shown);
        if (!more.isEmpty()) {
            run(body, more, null, "Small", null, true);
        }
        return message;
    }

    @Override
    protected boolean fits(ObjectNode message) {
        return Json.string(message).getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }

    private static ObjectNode card(ObjectNode message) {
        message.put("type", "message");
        ObjectNode attachment = message.putArray("attachments").addObject();
        attachment.put("contentType", CONTENT_TYPE);
        attachment.putNull("contentUrl");
        ObjectNode card = attachment.putObject("content");
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", VERSION);
        return card;
    }

    /** A RichTextBlock of one text run: shown exactly as written, never read as Markdown. */
    private static void run(ArrayNode body, String text, String weight, String size, String colour, Boolean subtle) {
        ObjectNode run = body.addObject().put("type", "RichTextBlock").putArray("inlines").addObject()
                .put("type", "TextRun").put("text", Text.fit(text, 1000, Escape::unlink));
        if (weight != null) {
            run.put("weight", weight);
        }
        if (size != null) {
            run.put("size", size);
        }
        if (colour != null) {
            run.put("color", colour);
        }
        if (subtle != null) {
            run.put("isSubtle", subtle);
        }
    }

    private static void fact(ArrayNode facts, String title, String value) {
        facts.addObject().put("title", title).put("value", Text.fit(value.isEmpty() ? "—" : value, 1000, Escape::teams));
    }

    private static String colour(Severity severity) {
        return switch (severity) {
            case CRITICAL -> "Attention";
            case WARNING -> "Warning";
            case INFO -> "Accent";
        };
    }
}

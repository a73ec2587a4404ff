package org.releasewatch.delivery.channels;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * An alert (or a batch) as an email: subject {@code [CRITICAL] <title>}, a plain-text part and an HTML part
 * with the same content (every input text HTML-escaped), {@code Message-ID <alertId@releasewatch>} — for a batch
 * {@code <batch-<hash of the ids>@releasewatch>}. Email has no hard size limit; a listing is still bounded to
 * {@value #MAX_LISTED} alerts per message and the subject to {@value #MAX_SUBJECT} characters (RFC 5322 advises
 * lines under 78; longer subjects are folded by Jakarta Mail, very long ones are cut by clients).
 */
public final class EmailRenderer extends ChannelRenderer<EmailContent> {

    static final int MAX_LISTED = 200;
    static final int MAX_SUBJECT = 200;
    static final String DOMAIN = "releasewatch";

    public EmailRenderer(AlertLinks links) {
        super(links);
    }

    @Override
    protected int maxListed() {
        return MAX_LISTED;
    }

    @Override
    protected EmailContent one(AlertView v) {
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder();
        text.append(v.heading()).append("\n\n");
        html.append("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">")
                .append("<p style=\"font-weight:bold;color:").append(colour(v)).append("\">")
                .append(v.mark()).append(' ').append(v.severityLabel()).append(" · ").append(Escape.html(v.ruleName())).append("</p>")
                .append("<h2>").append(Escape.html(v.heading())).append("</h2><table>");
        row(text, html, v.say("label.severity"), v.severityWord());
        row(text, html, v.say("label.country"), v.country());
        row(text, html, v.say("label.time"), v.time());
        for (AlertView.Fact fact : v.facts()) {
            row(text, html, fact.label(), fact.value());
        }
        if (!v.sources().isEmpty()) {
            row(text, html, v.say("label.sources"), v.sources());
        }
        text.append('\n').append(v.say("link.openTheAlertText", v.link())).append('\n');
        html.append("</table><p><a href=\"").append(Escape.html(v.link())).append("\">").append(Escape.html(v.say("link.openTheAlert")))
                .append("</a></p>");
        footer(text, html);
        return new EmailContent(Text.fit(v.led("[" + v.severityLabel() + "] " + v.title()), MAX_SUBJECT), text.toString(),
                html.toString(), messageId(v.id()), v.threadId().equals(v.id()) ? null : messageId(v.threadId()));
    }

    @Override
    protected EmailContent listing(List<AlertView> all, int shown) {
        AlertView first = all.get(0);
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder();
        String heading = batch(all, "batch.heading");
        text.append(heading).append("\n\n");
        html.append("<!DOCTYPE html><html><body style=\"font-family:sans-serif\"><h2>").append(Escape.html(heading)).append("</h2><ul>");
        for (int i = 0; i < shown; i++) {
            AlertView v = all.get(i);
            text.append("- [").append(v.severityLabel()).append("] ").append(v.heading()).append(" · ").append(v.countryCode())
                    .append(" · ").append(v.time()).append("\n  ").append(v.link()).append('\n');
            html.append("<li><b style=\"color:").append(colour(v)).append("\">").append(v.mark()).append(' ')
                    .append(v.severityLabel()).append("</b> <a href=\"").append(Escape.html(v.link())).append("\">")
                    .append(Escape.html(v.heading())).append("</a> · ").append(Escape.html(String.valueOf(v.countryCode())))
                    .append(" · ").append(Escape.html(v.time())).append("</li>");
        }
        html.append("</ul>");
        String more = more(all, shown);
        if (!more.isEmpty()) {
            text.append('\n').append(more).append('\n');
            html.append("<p>").append(Escape.html(more)).append("</p>");
        }
        footer(text, html);
        List<String> ids = all.subList(0, shown).stream().map(AlertView::id).sorted().toList();
        return new EmailContent(Text.fit(batch(all, "batch.subject"), MAX_SUBJECT),
                text.toString(), html.toString(), "<batch-" + hash(ids) + "@" + DOMAIN + ">");
    }

    @Override
    protected boolean fits(EmailContent message) {
        return true;
    }

    private static void row(StringBuilder text, StringBuilder html, String label, String value) {
        text.append(label).append(": ").append(value).append('\n');
        html.append("<tr><th align=\"left\" valign=\"top\">").append(Escape.html(label)).append("</th><td>")
                .append(Escape.html(value)).append("</td></tr>");
    }

    private static void footer(StringBuilder text, StringBuilder html) {
        text.append("\n-- \nreleasewatch\n");
        html.append("<p style=\"color:#777\">releasewatch</p></body></html>");
    }

    private static String colour(AlertView v) {
        return switch (v.severity()) {
            case CRITICAL -> "#d32f2f";
            case WARNING -> "#f57c00";
            case INFO -> "#1976d2";
        };
    }

    /**
     * The Message-ID of a message: from its id alone, so that a resend, a restart or another instance gives the
     * same, and an update's {@code In-Reply-To} finds the thread's first mail.
     */
    static String messageId(String alertId) {
        return "<" + safe(alertId) + "@" + DOMAIN + ">";
    }

    /** A Message-ID left part: alert ids are UUIDs; anything else is reduced to what RFC 5322 allows. */
    private static String safe(String id) {
        return id.replaceAll("[^A-Za-z0-9._-]", "-");
    }

    private static String hash(List<String> ids) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.join(",", ids).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

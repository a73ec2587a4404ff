package org.releasewatch.delivery.channels;

/**
 * Escaping of input text for each target's markup, so that a name like {@code <script>alert(1)</script> *_~ @everyone}
 * arrives as those characters and never as markup, a link or a mention. Each renderer passes every piece of
 * input text through exactly one of these; markup the renderers write themselves is never passed through.
 */
final class Escape {

    private Escape() {
    }

    /**
     * Slack mrkdwn and the top-level {@code text}: {@code & < >} are Slack's control characters (links,
     * mentions such as {@code <!everyone>}) and must be HTML entities. Slack has no escape for {@code * _ ~};
     * the renderer therefore puts input text into {@code plain_text} objects wherever it can.
     */
    static String slack(String s) {
        return entities(unlink(s), "&<>");
    }

    /** Slack's escaping for a URL of ours (inside {@code <url|label>}): entities only, the link must stay whole. */
    static String slackUrl(String url) {
        return entities(url, "&<>");
    }

    /**
     * Input text with a zero-width space (U+200B) before every {@code ://} that follows a letter and before every
     * dot between a letter or digit and a letter, so that no chat service's linker finds a URL, a {@code www.}
     * address or a bare domain in it ({@code https://evil.example} would otherwise be a clickable link in a
     * message that looks like ours). The text reads the same; {@code 1.5} and {@code U.S} stay as they are only
     * where no letter follows the dot.
     */
    static String unlink(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char before = i > 0 ? s.charAt(i - 1) : ' ';
            char after = i + 1 < s.length() ? s.charAt(i + 1) : ' ';
            if (c == ':' && Character.isLetter(before) && s.startsWith("//", i + 1)) {
                out.append('\u200B');
            } else if (c == '.' && Character.isLetterOrDigit(before) && Character.isLetter(after)) {
                out.append('\u200B');
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * Discord markdown: a backslash before every character that starts formatting, a quote, a heading, a masked
     * link ({@code [}, {@code ]}), a spoiler or a mention ({@code <}), and before a leading {@code -} (a list); {@code @} followed by a zero-width space so that {@code @everyone} neither
     * pings (the message also sets {@code allowed_mentions.parse: []}) nor looks like a mention.
     */
    static String discord(String input) {
        String s = unlink(input);
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("\\*_~`|><#[]".indexOf(c) >= 0 || (c == '-' && i == 0)) {
                out.append('\\').append(c);
            } else if (c == '@') {
                out.append("@\u200B");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * The Markdown subset of Adaptive Card {@code TextBlock} and {@code Fact} (bold, italic, lists, links): a
     * CommonMark backslash escape before every ASCII punctuation character that could start one. Adaptive
     * Cards render no HTML, so {@code <} is escaped only to keep autolinks out.
     */
    static String teams(String input) {
        String s = unlink(input);
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("\\`*_{}[]()#+-.!<>~|".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * Telegram's HTML subset: only {@code &lt; &gt; &amp; &quot;} are named entities it knows; anything else
     * between {@code <} and {@code >} would be read as a tag.
     */
    static String telegram(String s) {
        return entities(unlink(s), "&<>\"");
    }

    /** Telegram's escaping for an attribute value of ours ({@code href}): entities only, the link must stay whole. */
    static String telegramAttribute(String s) {
        return entities(s, "&<>\"");
    }

    /** HTML text and attribute values (the email's HTML part). */
    static String html(String s) {
        return entities(s, "&<>\"'");
    }

    /** {@code s} with each of {@code special} written as its HTML entity. */
    private static String entities(String s, String special) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (special.indexOf(c) < 0) {
                out.append(c);
                continue;
            }
            out.append(switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                default -> "&#" + (int) c + ";";
            });
        }
        return out.toString();
    }
}

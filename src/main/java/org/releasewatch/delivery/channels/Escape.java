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
        return entities(s, "&<>");
    }

    /**
     * Discord markdown: a backslash before every character that starts formatting, a quote, a heading, a masked
     * link ({@code [}, {@code ]}), a spoiler or a mention ({@code <}), and before a leading {@code -} (a list); {@code @} followed by a zero-width space so that {@code @everyone} neither
     * pings (the message also sets {@code allowed_mentions.parse: []}) nor looks like a mention.
     */
    static String discord(String s) {
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
    static String teams(String s) {
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

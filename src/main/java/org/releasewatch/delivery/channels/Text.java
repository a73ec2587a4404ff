package org.releasewatch.delivery.channels;

import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Text that came from input (names, charges, source names, titles) made safe to place in a message, and fitted
 * into a service's limit <em>after</em> escaping, without cutting an escape sequence or a surrogate pair.
 * Lengths are UTF-16 units ({@link String#length()}): never fewer than the characters or code points the
 * services count, so a text that fits here fits there.
 */
final class Text {

    static final String ELLIPSIS = "…";
    /** Control characters, line/paragraph separators and bidirectional overrides (which can make a name read backwards). */
    private static final Pattern UNSAFE = Pattern.compile("[\\p{Cc}\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069\\u200E\\u200F]+");

    private Text() {
    }

    /** One line of input text: {@code null} → empty, control and bidi characters → a space, trimmed. */
    static String line(String raw) {
        return raw == null ? "" : UNSAFE.matcher(raw).replaceAll(" ").strip();
    }

    /** {@code escape(raw)} if it fits in {@code max}; else the longest escaped prefix of {@code raw} + "…" that does. */
    static String fit(String raw, int max, UnaryOperator<String> escape) {
        String whole = escape.apply(raw);
        if (whole.length() <= max) {
            return whole;
        }
        int lo = 0;
        int hi = raw.length();
        while (lo < hi) { // the longest prefix length whose escaped form + ellipsis fits
            int mid = (lo + hi + 1) >>> 1;
            if (escape.apply(prefix(raw, mid)).length() + ELLIPSIS.length() <= max) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return escape.apply(prefix(raw, lo)).stripTrailing() + ELLIPSIS;
    }

    static String fit(String raw, int max) {
        return fit(raw, max, UnaryOperator.identity());
    }

    private static String prefix(String s, int length) {
        if (length > 0 && length < s.length() && Character.isHighSurrogate(s.charAt(length - 1))) {
            length--;
        }
        return s.substring(0, length);
    }
}

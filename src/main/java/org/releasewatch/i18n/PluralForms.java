package org.releasewatch.i18n;

import com.ibm.icu.text.MessagePattern;
import com.ibm.icu.text.PluralRules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A page phrase with a plural, as the whole sentence once per CLDR plural category of the language, so a page can
 * pick one with the browser's {@code Intl.PluralRules} (CLDR too) and never write a plural rule of its own. ICU
 * parses the pattern; {@code #} becomes {@code {name}} of the plural's argument. One plural per phrase, outside any
 * other argument: that is how the page phrases are written, and a phrase outside that shape is refused here.
 */
public record PluralForms(String plural, Map<String, String> forms) {

    /** {@code null} if the pattern has no plural; the branches by category, a missing one falling back to {@code other}. */
    public static PluralForms of(String pattern, Catalogue catalogue) {
        MessagePattern parsed = new MessagePattern(pattern);
        int start = -1;
        for (int i = 0; i < parsed.countParts(); i++) {
            MessagePattern.Part part = parsed.getPart(i);
            if (part.getType() == MessagePattern.Part.Type.ARG_START) {
                if (part.getArgType() == MessagePattern.ArgType.PLURAL) {
                    start = i;
                    break;
                }
                i = parsed.getLimitPartIndex(i);
            }
        }
        if (start < 0) {
            return null;
        }
        int limit = parsed.getLimitPartIndex(start);
        String name = parsed.getSubstring(parsed.getPart(start + 1));
        String before = pattern.substring(0, parsed.getPart(start).getIndex());
        String after = pattern.substring(parsed.getPart(limit).getLimit());
        Map<String, String> branches = new LinkedHashMap<>();
        for (int i = start + 2; i < limit; i++) {
            MessagePattern.Part part = parsed.getPart(i);
            if (part.getType() == MessagePattern.Part.Type.ARG_SELECTOR) {
                String selector = parsed.getSubstring(part);
                int msgStart = i + 1;
                while (parsed.getPart(msgStart).getType() != MessagePattern.Part.Type.MSG_START) {
                    msgStart++; // an explicit value (=1) has its number part first
                }
                int msgLimit = parsed.getLimitPartIndex(msgStart);
                branches.put(selector, branch(parsed, pattern, msgStart, msgLimit, name));
                i = msgLimit;
            }
        }
        if (branches.keySet().stream().anyMatch(s -> s.startsWith("="))) {
            throw new IllegalArgumentException("a page phrase's plural uses the CLDR categories only: " + pattern);
        }
        PluralRules rules = PluralRules.forLocale(catalogue.locale());
        Map<String, String> forms = new LinkedHashMap<>();
        for (String category : rules.getKeywords()) {
            forms.put(category, before + branches.getOrDefault(category, branches.get("other")) + after);
        }
        return new PluralForms(name, forms);
    }

    /** The branch's text with {@code #} as {@code {name}}; nested arguments kept as written, quoting undone. */
    private static String branch(MessagePattern parsed, String pattern, int msgStart, int msgLimit, String name) {
        StringBuilder out = new StringBuilder();
        int at = parsed.getPart(msgStart).getLimit();
        for (int i = msgStart + 1; i <= msgLimit; i++) {
            MessagePattern.Part part = parsed.getPart(i);
            out.append(pattern, at, part.getIndex());
            switch (part.getType()) {
                case REPLACE_NUMBER -> out.append('{').append(name).append('}');
                case INSERT_CHAR -> out.append((char) part.getValue());
                case ARG_START -> {
                    i = parsed.getLimitPartIndex(i);
                    out.append(pattern, part.getIndex(), parsed.getPart(i).getLimit());
                    at = parsed.getPart(i).getLimit();
                    continue;
                }
                default -> { }
            }
            at = part.getLimit();
        }
        return out.toString();
    }
}

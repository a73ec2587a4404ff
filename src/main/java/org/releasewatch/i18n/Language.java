package org.releasewatch.i18n;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The languages messages, pages and CAP documents can be written in (contract v1.2, "Languages"): {@link #tag()} is
 * how settings, subscriptions and {@code ?lang=} name one; {@link #capLanguage()} is CAP's {@code info/language}
 * (an RFC 3066 code; CAP's default is {@code en-US}).
 */
public enum Language {
    EN("en", "en-US"), BE("be", "be"), RU("ru", "ru"), UK("uk", "uk");

    private final String tag;
    private final String capLanguage;

    Language(String tag, String capLanguage) {
        this.tag = tag;
        this.capLanguage = capLanguage;
    }

    public String tag() {
        return tag;
    }

    public String capLanguage() {
        return capLanguage;
    }

    /** {@code en, be, ru, uk}: for error messages naming the allowed values. */
    public static String allowed() {
        return Arrays.stream(values()).map(Language::tag).collect(Collectors.joining(", "));
    }

    /**
     * The language a setting names, case and surrounding spaces ignored.
     *
     * @throws IllegalArgumentException naming the value and the allowed ones
     */
    public static Language fromTag(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (Language l : values()) {
            if (l.tag.equals(v)) {
                return l;
            }
        }
        throw new IllegalArgumentException("\"" + value + "\" is not one of " + allowed());
    }
}

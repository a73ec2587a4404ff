package org.releasewatch.i18n;

import com.ibm.icu.text.MessageFormat;
import com.ibm.icu.text.SimpleDateFormat;
import com.ibm.icu.util.TimeZone;
import com.ibm.icu.util.ULocale;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import java.util.TreeSet;

/**
 * The phrases of one language, read from {@code i18n/messages_<tag>.properties} (UTF-8) on the class path: ICU
 * {@link MessageFormat} patterns (plural and select rules are written in the file, never in code), the date
 * patterns {@code format.time} and {@code format.day}, and country names from ICU's CLDR data. A key the language's
 * file lacks is taken from the English file of the same set, so a missing translation shows English, never a key.
 */
public final class Catalogue {

    static final String BASE = "i18n/messages";
    private static final Map<Language, Catalogue> BUILT_IN = new EnumMap<>(Language.class);

    private final ULocale locale;
    private final Properties own;
    private final Properties english;
    private final ThreadLocal<Map<String, MessageFormat>> compiled = ThreadLocal.withInitial(HashMap::new);

    private Catalogue(ULocale locale, Properties own, Properties english) {
        this.locale = locale;
        this.own = own;
        this.english = english;
    }

    /** The service's catalogue of {@code language}. */
    public static synchronized Catalogue of(Language language) {
        return BUILT_IN.computeIfAbsent(language, l -> load(BASE, l.tag()));
    }

    /** The catalogue {@code <base>_<tag>.properties}, falling back to {@code <base>_en.properties}. */
    static Catalogue load(String base, String tag) {
        Properties english = read(base + "_en.properties");
        if (english.isEmpty()) {
            throw new IllegalStateException(base + "_en.properties is missing or empty");
        }
        return new Catalogue(new ULocale(tag), tag.equals("en") ? english : read(base + "_" + tag + ".properties"), english);
    }

    /** The phrase {@code key} with its {@code {0}}, {@code {1}}… filled in. */
    public String text(String key, Object... args) {
        return compiled(key).format(args);
    }

    /** The phrase {@code key} with its named arguments ({@code {count}}, {@code {country}}…) filled in. */
    public String format(String key, Map<String, Object> args) {
        return compiled(key).format(args);
    }

    /**
     * The key's pattern parsed once per thread: parsing an ICU pattern costs more than formatting it (every alert title
     * is formatted on the stream thread), and a MessageFormat may not be shared between threads.
     */
    private MessageFormat compiled(String key) {
        return compiled.get().computeIfAbsent(key, k -> new MessageFormat(pattern(k), locale));
    }

    /** {@code BY} → {@code Belarus} / {@code Беларусь}; a code ICU does not know stays as it is; null or blank → blank. */
    public String country(String code) {
        if (code == null || code.isBlank()) {
            return "";
        }
        String name = code.length() == 2 ? new ULocale("", code).getDisplayCountry(locale) : "";
        return name.isBlank() || name.equalsIgnoreCase(code) ? code : name;
    }

    /** A moment with its time in UTC, in this language's form ({@code format.time}). */
    public String time(Instant at) {
        return date("format.time", at);
    }

    /** A UTC day in this language's form ({@code format.day}). */
    public String day(Instant at) {
        return date("format.day", at);
    }

    public ULocale locale() {
        return locale;
    }

    /** Whether this language's own file has {@code key} (without falling back). */
    boolean hasOwn(String key) {
        return own.containsKey(key);
    }

    /** The patterns whose keys start with {@code prefix}, this language's or else English, by key (sorted). */
    public java.util.SortedMap<String, String> patterns(String prefix) {
        java.util.SortedMap<String, String> out = new java.util.TreeMap<>();
        for (String key : english.stringPropertyNames()) {
            if (key.startsWith(prefix)) {
                out.put(key, pattern(key));
            }
        }
        return out;
    }

    /** Every key of this language's own file. */
    Set<String> ownKeys() {
        return new TreeSet<>(own.stringPropertyNames());
    }

    /** Every key of the English file. */
    Set<String> englishKeys() {
        return new TreeSet<>(english.stringPropertyNames());
    }

    private String date(String key, Instant at) {
        SimpleDateFormat f = new SimpleDateFormat(pattern(key), locale);
        f.setTimeZone(TimeZone.GMT_ZONE);
        return f.format(Date.from(at));
    }

    /** The pattern of {@code key}: this language's, else English. */
    String pattern(String key) {
        String p = own.getProperty(key);
        if (p == null) {
            p = english.getProperty(key);
        }
        if (p == null) {
            throw new IllegalArgumentException("no phrase \"" + key + "\" in " + BASE + "_en.properties");
        }
        return p;
    }

    private static Properties read(String resource) {
        Properties p = new Properties();
        try (InputStream in = Catalogue.class.getClassLoader().getResourceAsStream(resource)) {
            if (in != null) {
                p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        return p;
    }
}

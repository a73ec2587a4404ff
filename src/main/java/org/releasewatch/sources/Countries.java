package org.releasewatch.sources;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Country names as the lists write them ("Belarus", "Korea, North", "IRAN (ISLAMIC REPUBLIC OF)") to ISO 3166-1
 * alpha-2: the JDK's English country names, plus the spellings in {@code sources/country-names.csv}.
 */
public final class Countries {

    public static final String RESOURCE = "sources/country-names.csv";
    private static final Set<String> CODES = Set.of(Locale.getISOCountries());
    private static final Countries DEFAULT = new Countries();

    private final Map<String, String> byName = new HashMap<>();

    private Countries() {
        for (String code : Locale.getISOCountries()) {
            String name = new Locale("", code).getDisplayCountry(Locale.ENGLISH); // "Myanmar (Burma)", "Trinidad & Tobago"
            for (String form : new String[] {name, name.replace("&", "and"), name.replace("St.", "Saint").replace("&", "and"),
                    name.replaceAll("\\s*\\(.*\\)", "")}) {
                byName.putIfAbsent(key(form), code);
            }
        }
        DataFile.read(RESOURCE, (number, line) -> {
            int comma = line.lastIndexOf(',');
            String code = comma < 0 ? "" : line.substring(comma + 1).trim().toUpperCase(Locale.ROOT);
            if (!CODES.contains(code)) {
                throw new IllegalStateException(RESOURCE + " line " + number + ": \"" + code + "\" is not an ISO 3166-1 alpha-2 code");
            }
            byName.put(key(unquote(line.substring(0, comma))), code);
        });
    }

    public static Countries get() {
        return DEFAULT;
    }

    /** The alpha-2 code of a country name or code, if it is one. */
    public Optional<String> code(String nameOrCode) {
        if (nameOrCode == null || nameOrCode.isBlank()) {
            return Optional.empty();
        }
        String trimmed = nameOrCode.trim();
        if (trimmed.length() == 2 && CODES.contains(trimmed.toUpperCase(Locale.ROOT))) {
            return Optional.of(trimmed.toUpperCase(Locale.ROOT));
        }
        return Optional.ofNullable(byName.get(key(trimmed)));
    }

    public static boolean isCode(String code) {
        return code != null && CODES.contains(code);
    }

    private static String unquote(String s) {
        String t = s.trim();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }

    /** Case, accents, punctuation and spacing do not matter. */
    static String key(String name) {
        String plain = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return plain.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").trim();
    }
}

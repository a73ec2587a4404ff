package org.releasewatch.sources;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which country a sanctions programme is aimed at, per list format: the data file {@code sources/programmes.csv}
 * ({@code format,programme,countries,note}). Programmes are matched ignoring case and surrounding spaces.
 */
public final class ProgrammeCountries {

    public static final String RESOURCE = "sources/programmes.csv";
    private static final ProgrammeCountries DEFAULT = load();

    private final Map<String, List<String>> byKey;

    ProgrammeCountries(Map<String, List<String>> byKey) {
        this.byKey = Map.copyOf(byKey);
    }

    public static ProgrammeCountries get() {
        return DEFAULT;
    }

    /** The countries of one programme of a list format (empty when it is not country-specific or unknown). */
    public List<String> countries(String format, String programme) {
        return byKey.getOrDefault(key(format, programme), List.of());
    }

    /** The countries of several programmes, sorted, de-duplicated. */
    public List<String> countries(String format, Collection<String> programmes) {
        TreeSet<String> out = new TreeSet<>();
        for (String p : programmes) {
            out.addAll(countries(format, p));
        }
        return List.copyOf(out);
    }

    /** The programmes among {@code programmes} that name {@code country}. */
    public List<String> programmesOf(String format, Collection<String> programmes, String country) {
        return programmes.stream().filter(p -> countries(format, p).contains(country)).sorted().toList();
    }

    public boolean isMapped(String format, String programme) {
        return byKey.containsKey(key(format, programme));
    }

    private static String key(String format, String programme) {
        return format.trim() + "|" + programme.trim().toUpperCase(Locale.ROOT);
    }

    static ProgrammeCountries load() {
        Map<String, List<String>> map = new HashMap<>();
        DataFile.read(RESOURCE, (number, line) -> {
            String[] parts = line.split(",", 4);
            if (parts.length < 3) {
                throw new IllegalStateException(RESOURCE + " line " + number + ": expected format,programme,countries[,note]");
            }
            List<String> countries = Arrays.stream(parts[2].trim().split("\\s+")).filter(s -> !s.isEmpty())
                    .map(s -> s.toUpperCase(Locale.ROOT)).toList();
            for (String c : countries) {
                if (!Countries.isCode(c)) {
                    throw new IllegalStateException(RESOURCE + " line " + number + ": \"" + c + "\" is not an ISO 3166-1 alpha-2 code");
                }
            }
            map.put(key(parts[0], parts[1]), countries);
        });
        return new ProgrammeCountries(map);
    }
}

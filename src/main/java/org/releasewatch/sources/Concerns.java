package org.releasewatch.sources;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which countries an entry's programmes concern (contract v1.2, "Sanctions list changes, exactly"): a country
 * programme concerns the countries {@code sources/programmes.csv} maps it to; a programme aimed at no country
 * (terrorism, narcotics, cyber…) concerns the entry's address countries, else its nationalities. The same rule
 * judges an entry before and after a version of its list, so a change is compared country by country.
 */
public final class Concerns {

    /** Countries → the programmes concerning each (both sorted), and what the countries were found from. */
    public record ByCountry(Map<String, List<String>> programmes, String basis) {

        public ByCountry {
            TreeMap<String, List<String>> sorted = new TreeMap<>();
            programmes.forEach((country, ps) -> sorted.put(country, ps.stream().distinct().sorted().toList()));
            programmes = java.util.Collections.unmodifiableMap(sorted);
        }

        List<String> of(String country) {
            return programmes.getOrDefault(country, List.of());
        }
    }

    private final ProgrammeCountries countries;
    private final String format;

    public Concerns(ProgrammeCountries countries, String format) {
        this.countries = countries;
        this.format = format;
    }

    /**
     * The countries {@code programmes} (some of {@code entry}'s) concern. The basis is {@code programme} when one
     * of them is a country programme, else {@code address} or {@code nationality}; null when they concern none.
     */
    public ByCountry of(ListEntry entry, Collection<String> programmes) {
        Map<String, List<String>> out = new TreeMap<>();
        List<String> fallback = entry.addressCountries().isEmpty() ? entry.nationalities() : entry.addressCountries();
        boolean byProgramme = false;
        boolean byFallback = false;
        for (String p : programmes) {
            List<String> mapped = countries.countries(format, p);
            List<String> concerned = mapped.isEmpty() ? fallback : mapped;
            byProgramme |= !mapped.isEmpty();
            byFallback |= mapped.isEmpty() && !fallback.isEmpty();
            for (String c : concerned) {
                out.computeIfAbsent(c, k -> new ArrayList<>()).add(p);
            }
        }
        String basis = byProgramme ? "programme" : !byFallback ? null
                : entry.addressCountries().isEmpty() ? "nationality" : "address";
        return new ByCountry(out, basis);
    }
}

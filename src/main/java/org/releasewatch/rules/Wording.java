package org.releasewatch.rules;

import org.releasewatch.i18n.Catalogue;
import org.releasewatch.i18n.Language;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** How alert titles name countries, days and destination breakdowns. */
final class Wording {

    private static final Catalogue ENGLISH = Catalogue.of(Language.EN);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    private Wording() {
    }

    /** {@code BY} → {@code Belarus}; an unknown code stays as it is. */
    static String country(String code) {
        if (code == null) {
            return "an unknown country";
        }
        String name = new Locale("", code).getDisplayCountry(Locale.ENGLISH);
        return name.isBlank() || name.equals(code) ? code : name;
    }

    static String day(Instant at) {
        return DAY.format(at.atZone(ZoneOffset.UTC));
    }

    static String utcDate(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
    }

    /** {@code 91 to UA, 9 to LT, 3 destination unknown}, largest first. */
    static String destinations(Map<String, Integer> byDestination) {
        return byDestination.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> e.getKey().equals(DayTally.UNKNOWN) ? e.getValue() + " destination unknown" : e.getValue() + " to " + e.getKey())
                .collect(Collectors.joining(", "));
    }

    /** {@code 1 person}, {@code 123 people}: the English catalogue's plural forms. */
    static String people(int n) {
        return ENGLISH.format("people", Map.of("count", n));
    }

    /** {@code 1 release}, {@code 123 releases}. */
    static String releases(int n) {
        return ENGLISH.format("releases", Map.of("count", n));
    }
}

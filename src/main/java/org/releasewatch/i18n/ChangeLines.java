package org.releasewatch.i18n;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code change} line of an update or cancel in the reader's language. The alerts topic carries it in English
 * (like the title, it is part of the message as written once); the rules write it from a closed set of forms, which
 * this class recognises and says again from the catalogue's {@code change.*} phrases with the language's plural
 * rules. A line it does not recognise (a cut one, a form added later) stays English rather than become wrong.
 */
public final class ChangeLines {

    private static final String WITHDRAWN = "report withdrawn by its source";
    private static final Pattern WITHDRAWAL = Pattern.compile("^(?:(.+): )?" + Pattern.quote(WITHDRAWN) + "(?: \\((.+)\\))?$");
    private static final DateTimeFormatter ENGLISH_DAY = DateTimeFormatter.ofPattern("d MMM uuuu", Locale.ENGLISH);

    private record Form(Pattern pattern, BiFunction<Matcher, Catalogue, String> say) {
    }

    private static final List<Form> FORMS = List.of(
            form("(\\d+) releases? linked when the window closed, was (\\d+)",
                    (m, c) -> c.format("change.releasesFinal", Map.of("count", n(m, 1), "was", n(m, 2)))),
            form("(\\d+) releases?, was (\\d+): reported again",
                    (m, c) -> c.format("change.releasesAgain", Map.of("count", n(m, 1), "was", n(m, 2)))),
            form("(\\d+) releases?, was (\\d+)",
                    (m, c) -> c.format("change.releases", Map.of("count", n(m, 1), "was", n(m, 2)))),
            form("(\\d+) (?:person|people) released, below the threshold of (\\d+)",
                    (m, c) -> c.format("change.belowThreshold", Map.of("count", n(m, 1), "threshold", n(m, 2)))),
            form("(\\d+) (?:person|people) released, the threshold of (\\d+) reached again",
                    (m, c) -> c.format("change.thresholdAgain", Map.of("count", n(m, 1), "threshold", n(m, 2)))),
            form("(\\d+) (?:person|people) released, was (\\d+)",
                    (m, c) -> c.format("change.people", Map.of("count", n(m, 1), "was", n(m, 2)))),
            form("(\\d+) (?:person|people) released in (.+) on (\\d{1,2} [A-Z][a-z]{2} \\d{4}) — final count",
                    (m, c) -> day(m.group(3)).map(d -> c.format("change.finalCount", Map.of("count", n(m, 1),
                            "country", country(m.group(2), c), "day", c.day(d.atStartOfDay(ZoneOffset.UTC).toInstant()))))
                            .orElse(null)),
            form("confirmed by a second source(?: \\((.+)\\))?",
                    (m, c) -> c.format("change.corroborated", Map.of("source", optional(m, 1)))),
            form("reported again(?: \\((.+)\\))?",
                    (m, c) -> c.format("change.reportedAgain", Map.of("source", optional(m, 1)))));

    private ChangeLines() {
    }

    /** {@code change} in {@code catalogue}'s language; English, an unknown form or null as it is. */
    public static String say(String change, Catalogue catalogue) {
        if (change == null || catalogue.locale().getLanguage().equals("en")) {
            return change;
        }
        return recognise(change, catalogue).orElse(change);
    }

    /** {@code change} said from {@code catalogue}'s phrases, English included; an unknown form as it is. */
    static String sayIn(String change, Catalogue catalogue) {
        return recognise(change, catalogue).orElse(change);
    }

    /** Whether the line is one of the forms the rules write (tests keep every form the rules make recognised). */
    public static boolean recognised(String change) {
        return recognise(change, Catalogue.of(Language.EN)).isPresent();
    }

    private static Optional<String> recognise(String change, Catalogue catalogue) {
        Matcher withdrawal = WITHDRAWAL.matcher(change);
        if (withdrawal.matches()) {
            Optional<String> what = withdrawal.group(1) == null ? Optional.of("") : plain(withdrawal.group(1), catalogue);
            return what.map(w -> catalogue.format("change.withdrawn", args(w, withdrawal.group(2))));
        }
        return plain(change, catalogue);
    }

    private static Optional<String> plain(String line, Catalogue catalogue) {
        for (Form form : FORMS) {
            Matcher m = form.pattern().matcher(line);
            if (m.matches()) {
                return Optional.ofNullable(form.say().apply(m, catalogue));
            }
        }
        return Optional.empty();
    }

    private static Map<String, Object> args(String what, String note) {
        Map<String, Object> args = new HashMap<>();
        args.put("what", what.isEmpty() ? "" : what + ": ");
        args.put("note", parenthesised(note));
        return args;
    }

    private static Form form(String regex, BiFunction<Matcher, Catalogue, String> say) {
        return new Form(Pattern.compile("^" + regex + "$"), say);
    }

    private static long n(Matcher m, int group) {
        return Long.parseLong(m.group(group));
    }

    /** An optional name or note as the phrases take it: " (RFE/RL)", or nothing. */
    private static String optional(Matcher m, int group) {
        return parenthesised(m.group(group));
    }

    private static String parenthesised(String text) {
        return text == null || text.isBlank() ? "" : " (" + text + ")";
    }

    /** The rules name a country in English ({@code Wording.country}); the reader gets it in their language. */
    private static String country(String english, Catalogue catalogue) {
        for (String code : Locale.getISOCountries()) {
            if (new Locale("", code).getDisplayCountry(Locale.ENGLISH).equals(english)) {
                return catalogue.country(code);
            }
        }
        return english;
    }

    private static Optional<LocalDate> day(String text) {
        try {
            return Optional.of(LocalDate.parse(text, ENGLISH_DAY));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}

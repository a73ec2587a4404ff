package org.releasewatch.rules.reference;

import org.releasewatch.model.Person;
import org.releasewatch.model.Priority;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.SanctionAction;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.model.SanctionTarget;
import org.releasewatch.model.Source;
import org.releasewatch.model.WatchlistEntry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A generated set of events for the rules, the same for the same seed: releases from a few countries over
 * a span (a second source's report of the same release now and then), sanctions of every action with and
 * without an agreement id, and some of the persons on the watchlist. Country codes come in any case, as
 * partners send them.
 */
public record Workload(long seed, Duration span, List<ReleaseEvent> releases, List<SanctionEvent> sanctions,
                       List<WatchlistEntry> watchlist) {

    static final List<String> COUNTRIES = List.of("BY", "RU", "IR");
    static final Source VIASNA = new Source("Viasna", "https://spring96.org");
    static final Source MEMORIAL = new Source("Memorial", "https://memopzk.org");

    /** Events spread over {@code span} from a day in December 2025 (an hour of the day chosen by the seed). */
    public static Workload generate(long seed, Duration span) {
        Random g = new Random(seed);
        return generate(g, seed, span, 4 + g.nextInt(12), g.nextInt(45), g.nextInt(7));
    }

    /**
     * A burst: {@code count} releases of {@code persons} persons (and their second reports), a dozen sanctions
     * changes (the first a relief) and a watchlist.
     */
    public static Workload burst(long seed, Duration span, int persons, int count) {
        return generate(new Random(seed), seed, span, persons, count, 12);
    }

    private static Workload generate(Random g, long seed, Duration span, int persons, int count, int sanctionCount) {
        Instant base = Instant.parse("2025-12-12T00:00:00Z").plus(Duration.ofHours(g.nextInt(24)));
        long spanMillis = span.toMillis();
        List<ReleaseEvent> releases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int person = g.nextInt(persons);
            String country = g.nextInt(10) == 0 ? pick(g, COUNTRIES) : COUNTRIES.get(person % COUNTRIES.size());
            Instant at = base.plusMillis(Math.floorMod(g.nextLong(), spanMillis));
            String destination = switch (g.nextInt(4)) {
                case 0 -> null;
                case 1 -> "lt";
                default -> "UA";
            };
            String agreement = g.nextInt(3) == 0 ? "deal-1" : null;
            Person p = new Person("viasna:" + person, "Person " + person, List.of());
            releases.add(new ReleaseEvent("r-" + i, at, anyCase(g, country), p, List.of(), destination, agreement, VIASNA));
            if (g.nextInt(5) == 0) { // the same release, reported by a second source a little later
                Instant later = at.plusSeconds(g.nextInt(600));
                if (later.isBefore(base.plusMillis(spanMillis))) {
                    releases.add(new ReleaseEvent("r-" + i + "-memorial", later, anyCase(g, country), p, List.of(), destination,
                            agreement, MEMORIAL));
                }
            }
        }
        List<SanctionEvent> sanctions = new ArrayList<>();
        SanctionAction[] actions = SanctionAction.values();
        for (int i = 0; i < sanctionCount; i++) {
            int c = g.nextInt(COUNTRIES.size());
            Instant at = base.plusMillis(Math.floorMod(g.nextLong(), spanMillis));
            sanctions.add(new SanctionEvent("s-" + i, at, g.nextBoolean() ? "US" : "EU", anyCase(g, COUNTRIES.get(c)),
                    i == 0 && count > 0 ? SanctionAction.LIFTED : actions[g.nextInt(actions.length)], new SanctionTarget("ofac:target-" + c + "-" + g.nextInt(2), "Target " + c, "company"),
                    "potash", null, g.nextBoolean() ? "deal-1" : null, new Source("OFAC", "https://ofac.treasury.gov")));
        }
        List<WatchlistEntry> watchlist = new ArrayList<>();
        for (int person = 0; person < persons; person++) {
            if (g.nextInt(3) == 0) {
                watchlist.add(new WatchlistEntry("viasna:" + person, "Person " + person, g.nextBoolean() ? Priority.HIGH : Priority.NORMAL, null));
            }
        }
        return new Workload(seed, span, List.copyOf(releases), List.copyOf(sanctions), List.copyOf(watchlist));
    }

    private static String pick(Random g, List<String> from) {
        return from.get(g.nextInt(from.size()));
    }

    private static String anyCase(Random g, String code) {
        return switch (g.nextInt(3)) {
            case 0 -> code.toLowerCase(Locale.ROOT);
            case 1 -> code.charAt(0) + code.substring(1).toLowerCase(Locale.ROOT);
            default -> code;
        };
    }
}

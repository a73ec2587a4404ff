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
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Generated arrivals over months, the same for the same seed: several countries, each with a few days of releases
 * (some reaching the higher MASS_RELEASE threshold), second sources (a third of them naming another of the scenario's
 * countries: one person reported released from two), redeliveries, reliefs and other sanctions near
 * those days, and the watchlist changing before and after the releases of its persons. Mostly in event-time order,
 * with backfills: some days arrive weeks after newer days of their country (past the lateness), some a day or two
 * after (within it). Some reports are withdrawn (contract v1.2, step 4): releases, second sources' reports and
 * sanctions, the retraction before its report, soon after or within the lateness. Country codes come in any case, as partners send them.
 */
public record Scenario(long seed, List<Arrival> arrivals) {

    /** Countries a scenario picks from. */
    public static final List<String> COUNTRIES = List.of("BY", "RU", "IR", "CU", "VE", "NI", "KZ", "AZ", "CN", "MM", "ER", "TM");
    static final Source VIASNA = new Source("Viasna", "https://spring96.org");
    static final Source MEMORIAL = new Source("Memorial", "https://memopzk.org");
    private static final Instant BASE = Instant.parse("2025-12-01T00:00:00Z");
    private static final long DAY = 86_400_000L;

    /** What to generate around: the thresholds it should reach, the lateness its backfills should pass. */
    public record Shape(List<Integer> thresholds, Duration lateness) {
    }

    public static Scenario months(long seed, Shape shape) {
        return months(seed, shape, Set.of(), "viasna:", 0);
    }

    /**
     * A scenario of countries not in {@code excluded}, persons ids starting with {@code personPrefix}, starting
     * {@code shiftDays} after (or before) the first of December 2025.
     */
    public static Scenario months(long seed, Shape shape, Collection<String> excluded, String personPrefix, int shiftDays) {
        Random g = new Random(seed);
        // draws of its own, so that the scenarios of a seed stay what they were apart from what these choose
        Random elsewhere = new Random(~seed);
        List<String> pool = new ArrayList<>(COUNTRIES.stream().filter(c -> !excluded.contains(c)).toList());
        java.util.Collections.shuffle(pool, g);
        List<String> countries = pool.subList(0, Math.min(pool.size(), 2 + g.nextInt(4)));
        int spanDays = 30 + g.nextInt(150);
        Instant base = BASE.plus(Duration.ofDays(shiftDays));
        int high = shape.thresholds().get(shape.thresholds().size() - 1);
        long lateness = shape.lateness().toMillis();
        List<Timed> timed = new ArrayList<>();
        List<String> persons = new ArrayList<>();
        int[] n = {0};
        for (String country : countries) {
            int poolSize = high + 4 + g.nextInt(high);
            List<Instant> days = new ArrayList<>();
            for (int d = 0, dayCount = 1 + g.nextInt(5); d < dayCount; d++) {
                Instant dayStart = base.plusMillis(DAY * g.nextInt(spanDays));
                if (d > 0 && g.nextInt(3) == 0) {
                    dayStart = days.get(g.nextInt(days.size())).plusMillis(DAY * (g.nextBoolean() ? 1 : -1)); // a neighbouring day
                }
                dayStart = Instant.ofEpochMilli(Math.floorDiv(dayStart.toEpochMilli(), DAY) * DAY);
                days.add(dayStart);
                // a quarter of the days reach the higher threshold, as many the lower one only
                int size = switch (g.nextInt(4)) {
                    case 0 -> high + g.nextInt(4);
                    case 1 -> shape.thresholds().get(0) + g.nextInt(Math.max(1, high - shape.thresholds().get(0)));
                    default -> 1 + g.nextInt(Math.max(1, shape.thresholds().get(0)));
                };
                // when the day's reports come: in time, a day or two late (within the lateness), or weeks late
                int lag = g.nextInt(10);
                long delay = lag < 6 ? 0 : lag < 8 ? g.nextInt((int) Math.max(1, lateness / 60_000)) * 60_000L
                        : lateness + DAY * (1 + g.nextInt(60));
                List<Integer> chosen = new ArrayList<>();
                for (int i = 0; i < poolSize; i++) {
                    chosen.add(i);
                }
                java.util.Collections.shuffle(chosen, g);
                for (int i = 0; i < size; i++) {
                    String personId = personPrefix + country.toLowerCase(Locale.ROOT) + "-" + chosen.get(i % poolSize);
                    persons.add(personId);
                    Instant at = dayStart.plusMillis(g.nextInt((int) DAY));
                    String destination = switch (g.nextInt(4)) {
                        case 0 -> null;
                        case 1 -> "lt";
                        default -> "UA";
                    };
                    String agreement = g.nextInt(3) == 0 ? "deal-1" : null;
                    Person p = new Person(personId, "Person " + personId, List.of());
                    String id = "r-" + personPrefix + n[0]++;
                    ReleaseEvent release = new ReleaseEvent(id, at, anyCase(g, country), p, List.of(), destination, agreement, VIASNA);
                    long arrives = at.toEpochMilli() + delay + g.nextInt(3_600_000);
                    timed.add(new Timed(arrives, new Arrival.Released(release)));
                    if (g.nextInt(5) == 0) { // a second source's report of the same release
                        long second = arrives + g.nextInt(7_200_000);
                        // now and then from another country: the person's day is one thread whatever countries
                        // its reports name, and each country counts the person
                        String reportedFrom = countries.size() > 1 && elsewhere.nextInt(3) == 0
                                ? countries.get((countries.indexOf(country) + 1 + elsewhere.nextInt(countries.size() - 1)) % countries.size())
                                : country;
                        ReleaseEvent memorial = new ReleaseEvent(id + "-memorial", at.plusSeconds(g.nextInt(600)),
                                anyCase(g, reportedFrom), p, List.of(), destination, agreement, MEMORIAL);
                        timed.add(new Timed(second, new Arrival.Released(memorial)));
                        if (g.nextInt(4) == 0) { // the second source withdraws its report
                            timed.add(new Timed(second + g.nextInt(3_600_000), new Arrival.Released(retraction(memorial))));
                        }
                    }
                    if (g.nextInt(7) == 0) { // the report withdrawn: before it arrives (kept for it), soon after, or later
                        long when = switch (g.nextInt(4)) {
                            case 0 -> arrives - 1 - g.nextInt(3_600_000);
                            case 1 -> arrives + g.nextInt((int) Math.min(Integer.MAX_VALUE, lateness));
                            default -> arrives + g.nextInt(3_600_000);
                        };
                        timed.add(new Timed(when, new Arrival.Released(retraction(release))));
                    }
                    if (g.nextInt(8) == 0) { // redelivered, within the lateness or long after
                        long again = g.nextBoolean() ? g.nextInt((int) Math.min(Integer.MAX_VALUE, lateness)) : DAY * (3 + g.nextInt(60));
                        timed.add(new Timed(arrives + again, new Arrival.Released(release)));
                    }
                }
            }
            for (int s = 0, sanctions = g.nextInt(4); s < sanctions; s++) {
                Instant near = days.get(g.nextInt(days.size())).plusMillis((long) (g.nextGaussian() * 6 * DAY));
                SanctionAction action = g.nextInt(3) > 0 ? (g.nextBoolean() ? SanctionAction.LIFTED : SanctionAction.EASED)
                        : SanctionAction.values()[g.nextInt(SanctionAction.values().length)];
                SanctionEvent sanction = new SanctionEvent("s-" + personPrefix + n[0]++, near, g.nextBoolean() ? "US" : "EU",
                        anyCase(g, country), action, new SanctionTarget("ofac:target-" + country + "-" + g.nextInt(2),
                        "Target " + country, "company"), "potash", null, g.nextBoolean() ? "deal-1" : null,
                        new Source("OFAC", "https://ofac.treasury.gov"));
                long arrives = near.toEpochMilli() + (g.nextInt(5) == 0 ? DAY * g.nextInt(20) : g.nextInt(3_600_000));
                timed.add(new Timed(arrives, new Arrival.Sanctioned(sanction)));
                if (g.nextInt(4) == 0) { // withdrawn by its source, before it arrives or after
                    timed.add(new Timed(arrives + (g.nextBoolean() ? -1 - g.nextInt(3_600_000) : g.nextInt((int) (2 * DAY))),
                            new Arrival.Sanctioned(new SanctionEvent(sanction.eventId(), sanction.occurredAt(), sanction.issuer(),
                                    sanction.targetCountry(), sanction.action(), sanction.target(), sanction.sector(),
                                    sanction.program(), sanction.agreement(), sanction.source(), true, "reported in error"))));
                }
            }
        }
        // the watchlist: before a person's release, within the lateness after it, or long after; changes and removals
        for (String personId : persons.stream().distinct().toList()) {
            if (g.nextInt(3) != 0) {
                continue;
            }
            long release = timed.stream().filter(t -> t.arrival() instanceof Arrival.Released r
                            && r.release().person().id().equals(personId))
                    .mapToLong(Timed::at).min().orElseThrow();
            long at = switch (g.nextInt(4)) {
                case 0 -> release - DAY * g.nextInt(30) - 1;
                case 1 -> release + g.nextInt((int) Math.min(Integer.MAX_VALUE, lateness));
                case 2 -> release + lateness + DAY * g.nextInt(40);
                default -> base.toEpochMilli() + DAY * g.nextInt(spanDays);
            };
            timed.add(new Timed(at, new Arrival.Watched(entry(personId, g))));
            if (g.nextInt(6) == 0) {
                timed.add(new Timed(at + DAY * g.nextInt(10), g.nextBoolean() ? new Arrival.Unwatched(personId)
                        : new Arrival.Watched(entry(personId, g))));
            }
        }
        timed.sort(Comparator.comparingLong(Timed::at)); // stable: a report before its second source's at the same time
        return new Scenario(seed, timed.stream().map(Timed::arrival).toList());
    }

    /** The countries of the scenario's releases and sanctions, upper-case. */
    public Set<String> countries() {
        Set<String> out = new java.util.TreeSet<>();
        for (Arrival a : arrivals) {
            if (a instanceof Arrival.Released r) {
                out.add(r.release().country().toUpperCase(Locale.ROOT));
            } else if (a instanceof Arrival.Sanctioned s) {
                out.add(s.sanction().targetCountry().toUpperCase(Locale.ROOT));
            }
        }
        return out;
    }

    /** This scenario's arrivals and {@code other}'s, interleaved at random, each in its own order. */
    public Scenario interleavedWith(Scenario other, Random g) {
        List<Arrival> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < arrivals.size() || j < other.arrivals.size()) {
            boolean mine = j >= other.arrivals.size() || (i < arrivals.size() && g.nextBoolean());
            out.add(mine ? arrivals.get(i++) : other.arrivals.get(j++));
        }
        return new Scenario(seed, out);
    }

    /** The report sent again with {@code "retracted": true} (contract v1.2, step 4). */
    static ReleaseEvent retraction(ReleaseEvent r) {
        return new ReleaseEvent(r.eventId(), r.occurredAt(), r.country(), r.person(), r.charges(), r.transferredTo(),
                r.agreement(), r.source(), true, "reported in error");
    }

    private static WatchlistEntry entry(String personId, Random g) {
        return new WatchlistEntry(personId, "Person " + personId, g.nextBoolean() ? Priority.HIGH : Priority.NORMAL, null);
    }

    private static String anyCase(Random g, String code) {
        return switch (g.nextInt(3)) {
            case 0 -> code.toLowerCase(Locale.ROOT);
            case 1 -> code.charAt(0) + code.substring(1).toLowerCase(Locale.ROOT);
            default -> code;
        };
    }

    private record Timed(long at, Arrival arrival) {
    }
}

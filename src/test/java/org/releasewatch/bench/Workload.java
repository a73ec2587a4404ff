package org.releasewatch.bench;

import org.releasewatch.json.Json;
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
import java.util.SplittableRandom;

/**
 * The benchmark's input, the same on every run (fixed seed): release reports of ~600 bytes (two to
 * five charges, a source with the address of its list) from 40 countries over 30 days in event-time order
 * (with minutes of jitter), about 1 in 1 000 of a watched person, and 1 in 50 a sanction change. The
 * watchlist has {@link #WATCHED} persons; the first {@link #WATCHED_IN_BULK} of them appear in the bulk
 * run, the rest are kept for the latency run, so each of its watched releases raises a fresh
 * WATCHLIST_RELEASE alert.
 */
final class Workload {

    static final int WATCHED = 10_000;
    static final int WATCHED_IN_BULK = 200;
    static final Instant START = Instant.parse("2025-11-01T00:00:00Z");
    static final List<String> COUNTRIES = List.of("BY", "RU", "VE", "NI", "IR", "AZ", "CU", "CN", "MM", "ER", "TM", "TJ",
            "KG", "KZ", "UZ", "EG", "SA", "AE", "BH", "TR", "ET", "RW", "UG", "ZW", "SD", "SY", "IQ", "KP", "VN", "LA",
            "KH", "TH", "PK", "BD", "GT", "HN", "SV", "BO", "DZ", "TN");
    private static final List<String> DESTINATIONS = List.of("UA", "LT", "PL", "LV", "DE", "US");
    private static final List<Source> SOURCES = List.of(
            new Source("Viasna Human Rights Centre", "https://spring96.org/en/news/political-prisoners-released"),
            new Source("Memorial Human Rights Defence Centre", "https://memopzk.org/en/political-prisoners/released/"),
            new Source("Amnesty International", "https://www.amnesty.org/en/latest/news/prisoners-of-conscience/"));
    private static final List<String> CHARGES = List.of(
            "Article 342 (organisation of actions grossly violating public order)",
            "Article 361-1 (creation of or participation in an extremist formation)",
            "Article 130 (incitement to social hatred)",
            "Article 369 (insulting a representative of the authorities)",
            "Article 367 (defamation of the President of the Republic of Belarus)",
            "Article 293 (organisation of and participation in mass riots)");

    private final SplittableRandom random;
    private final Duration step;
    private long sequence;

    /** @param total events the bulk run will ask for: they are spread evenly over 30 days */
    Workload(long seed, long total) {
        this.random = new SplittableRandom(seed);
        this.step = Duration.ofDays(30).dividedBy(Math.max(1, total));
    }

    static List<WatchlistEntry> watchlist() {
        List<WatchlistEntry> out = new ArrayList<>(WATCHED);
        for (int i = 0; i < WATCHED; i++) {
            out.add(new WatchlistEntry(watchedId(i), "Watched person " + i, i % 3 == 0 ? Priority.HIGH : Priority.NORMAL,
                    "benchmark watchlist"));
        }
        return out;
    }

    static String watchedId(int i) {
        return "bench:watched:" + i;
    }

    /**
     * A record value, its key and the topic it goes to: releases or sanctions. A sanctions change is keyed by its
     * target, so that one target's changes reach the rules in the order they were made (SANCTIONS_CHANGE numbers a
     * day's runs of one action in arrival order, and the bench compares its alert ids with the reference model's).
     */
    record Event(String eventId, String key, boolean release, byte[] json) {
    }

    /** The next bulk event, in event-time order. */
    Event next() {
        long n = sequence++;
        Instant at = START.plus(step.multipliedBy(n)).plusSeconds(random.nextInt(600));
        if (random.nextInt(50) == 0) {
            return sanction(n, at);
        }
        String person = random.nextInt(1000) == 0 ? watchedId(random.nextInt(WATCHED_IN_BULK)) : "bench:p:" + random.nextInt(2_000_000);
        return release(n, at, COUNTRIES.get(random.nextInt(COUNTRIES.size())), person);
    }

    /** A release at {@code at}: of the watched person {@code watched} when it is ≥ 0. */
    Event liveRelease(Instant at, int watched) {
        long n = sequence++;
        String person = watched >= 0 ? watchedId(watched) : "bench:p:" + random.nextInt(2_000_000);
        return release(n, at, COUNTRIES.get(random.nextInt(COUNTRIES.size())), person);
    }

    private Event release(long n, Instant at, String country, String personId) {
        String id = "bench-r-" + n;
        ReleaseEvent release = new ReleaseEvent(id, at, country,
                new Person(personId, "Political prisoner " + personId.substring(personId.lastIndexOf(':') + 1),
                        random.nextInt(4) == 0 ? List.of("political-prisoner", "journalist", "human-rights-defender")
                                : List.of("political-prisoner", "recognised-by-viasna")),
                charges(2 + random.nextInt(4)),
                random.nextInt(5) == 0 ? null : DESTINATIONS.get(random.nextInt(DESTINATIONS.size())),
                random.nextInt(20) == 0 ? "agreement-" + country.toLowerCase() + "-" + at.toString().substring(0, 7) : null,
                SOURCES.get(random.nextInt(SOURCES.size())));
        return new Event(id, id, true, Json.bytes(release));
    }

    private List<String> charges(int count) {
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(CHARGES.get(random.nextInt(CHARGES.size())));
        }
        return out;
    }

    private Event sanction(long n, Instant at) {
        String id = "bench-s-" + n;
        SanctionAction action = SanctionAction.values()[random.nextInt(SanctionAction.values().length)];
        int target = random.nextInt(500);
        String country = COUNTRIES.get(target % COUNTRIES.size()); // a sanctioned enterprise is in one country
        SanctionEvent sanction = new SanctionEvent(id, at, random.nextBoolean() ? "US" : "EU", country, action,
                new SanctionTarget("bench:target:" + target, "State enterprise " + target, "company"), "potash",
                "PROGRAM-" + country, null, new Source("US Treasury OFAC", "https://ofac.treasury.gov/recent-actions"));
        return new Event(id, sanction.target().id(), false, Json.bytes(sanction));
    }
}

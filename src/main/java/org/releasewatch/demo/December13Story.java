package org.releasewatch.demo;

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

/**
 * The running example as input events: on 13 December 2025 Belarus freed 123 political prisoners,
 * among them Ales Bialiatski and Maria Kalesnikava (both on the watchlist); 114 were expelled to
 * Ukraine and 9 to Lithuania, in a US-brokered deal after which the US lifted sanctions on Belaruskali.
 * Persons other than the two named ones are placeholders.
 */
public final class December13Story {

    public static final String AGREEMENT = "us-by-2025-12-13";
    public static final Instant FIRST_RELEASE = Instant.parse("2025-12-13T08:00:00Z");
    public static final Source VIASNA = new Source("Viasna Human Rights Centre", "https://spring96.org/en/news");
    public static final Source OFAC = new Source("US Treasury OFAC", "https://ofac.treasury.gov/recent-actions");

    private December13Story() {
    }

    public static List<WatchlistEntry> watchlist() {
        return List.of(
                new WatchlistEntry("viasna:1", "Ales Bialiatski", Priority.HIGH, "Nobel Peace Prize 2022; Viasna founder"),
                new WatchlistEntry("viasna:2", "Maria Kalesnikava", Priority.NORMAL, "Opposition leader"));
    }

    /** 123 releases from BY on 13 Dec 2025 UTC: 114 to UA and 9 to LT, two minutes apart. */
    public static List<ReleaseEvent> releases() {
        List<ReleaseEvent> out = new ArrayList<>();
        for (int i = 0; i < 123; i++) {
            String destination = i < 9 ? "LT" : "UA";
            Person person = switch (i) {
                case 0 -> new Person("viasna:1", "Ales Bialiatski", List.of("nobel-laureate", "human-rights-defender"));
                case 9 -> new Person("viasna:2", "Maria Kalesnikava", List.of("opposition-leader"));
                default -> new Person("viasna:" + (1000 + i), "Political prisoner " + (1000 + i), List.of());
            };
            out.add(new ReleaseEvent("viasna-2025-12-13-" + (i + 1), FIRST_RELEASE.plus(Duration.ofMinutes(2L * i)), "BY",
                    person, List.of("Article 342 (organisation of actions grossly violating public order)"), destination,
                    AGREEMENT, VIASNA));
        }
        return out;
    }

    /** The US lifts sanctions on Belaruskali the same afternoon, under the same agreement. */
    public static SanctionEvent belaruskaliRelief() {
        return new SanctionEvent("ofac-2025-12-13-belaruskali", Instant.parse("2025-12-13T15:00:00Z"), "US", "BY",
                SanctionAction.LIFTED, new SanctionTarget("ofac:belaruskali", "Belaruskali", "company"), "potash",
                "BELARUS-EO14038", AGREEMENT, OFAC);
    }
}

package org.releasewatch.rules;

import org.junit.jupiter.api.Test;
import org.releasewatch.model.SanctionAction;
import org.releasewatch.model.Source;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the stores that keep a country's releases cost in changelog records per release, counted on the driver's
 * changelog topics for a fixed workload shaped like {@code bench/run}'s (many countries, nearly every person new, a
 * second source now and then, a relief now and then, in event-time order over ten days, then the clock moved on
 * so that every day expires), with the purge let run to
 * the end so that expiry's deletes are counted too. Every changelog record is a record the stream thread writes and
 * the broker stores.
 */
class ChangelogRecordsPerEventTest {

    private static final int RELEASES = 6_000;
    /** Four countries over ten days: about 150 persons per country and day (the bench has about 830). */
    private static final String[] COUNTRIES = {"BY", "RU", "VE", "NI"};
    private static final Source[] SOURCES = {new Source("Viasna", "https://spring96.org"),
            new Source("Memorial", "https://memopzk.org")};

    @Test
    void aCountrysReleasesAreWrittenOnceAndExpireWithoutADeletePerRelease() {
        SplittableRandom random = new SplittableRandom(42);
        Instant start = Instant.parse("2025-11-01T00:00:00Z");
        Duration step = Duration.ofDays(10).dividedBy(RELEASES);
        int events = 0;
        try (RulesDriver driver = new RulesDriver(org.releasewatch.config.RulesConfig.defaults(), false)) {
            for (int i = 0; i < RELEASES; i++) {
                Instant at = start.plus(step.multipliedBy(i)).plusSeconds(random.nextInt(600));
                String country = COUNTRIES[random.nextInt(COUNTRIES.length)];
                String person = "p-" + random.nextInt(2_000_000);
                driver.release(RulesDriver.release("r-" + i, at.toString(), country, person, "LT",
                        random.nextInt(20) == 0 ? "deal-" + country : null, SOURCES[0]));
                events++;
                if (random.nextInt(10) == 0) { // a second source's report of the same release
                    driver.release(RulesDriver.release("r-" + i + "-2", at.plusSeconds(60).toString(), country, person, "LT",
                            null, SOURCES[1]));
                    events++;
                }
                if (random.nextInt(100) == 0) {
                    driver.sanction(RulesDriver.sanction("s-" + i, at.toString(), SanctionAction.LIFTED, null));
                    events++;
                }
                if (i % 500 == 0) {
                    purgeToTheEnd(driver);
                }
            }
            for (String country : COUNTRIES) { // a release 30 days on: every day above has expired
                driver.release(RulesDriver.release("late-" + country, start.plus(Duration.ofDays(40)).toString(), country,
                        "p-last", "LT", null, SOURCES[0]));
                events++;
            }
            purgeToTheEnd(driver);
            purgeToTheEnd(driver);
            Map<String, Integer> records = driver.changelogRecords();
            double total = events;
            // the stores of v0.1.0 that each kept a copy of every release, and the one store that replaced them
            int releaseKeeping = records.getOrDefault("mass-release-persons", 0)
                    + records.getOrDefault("linked-relief-releases", 0)
                    + records.getOrDefault("country-recent-releases", 0);
            System.out.printf("changelog records per event (%d events): %s%n", events,
                    records.entrySet().stream().map(e -> e.getKey() + " " + String.format("%.3f", e.getValue() / total))
                            .toList());
            System.out.printf("the country's releases: %.3f records per event%n", (double) releaseKeeping / events);
            // one put per report kept, and a delete per expired bucket of a day's persons, not per release
            assertThat((double) releaseKeeping / events).isLessThanOrEqualTo(1.2);
        }
    }

    /** A purge pass and as many of its steps as it takes. */
    private static void purgeToTheEnd(RulesDriver driver) {
        driver.purge();
        for (int i = 0; i < 60; i++) {
            driver.purgeStep();
        }
    }
}

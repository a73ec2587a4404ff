package org.releasewatch.bench;

import org.junit.jupiter.api.Test;
import org.releasewatch.config.RulesConfig;
import org.releasewatch.json.Json;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Person;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.Source;
import org.releasewatch.model.WatchlistEntry;
import org.releasewatch.rules.AlertIds;
import org.releasewatch.rules.MessageIds;
import org.releasewatch.rules.reference.Arrival;
import org.releasewatch.rules.reference.ExactModel;
import org.releasewatch.testing.Fast;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert ids the bench expects for its bulk ({@link ReferenceAlerts}) against what the contract promises: a watched
 * person's day reported by two sources is corroborated (contract v1.2, step 3), whichever countries the reports name,
 * and on the bench's own bulk the ids are those of {@link ExactModel}, the reference the rules are proven against.
 */
@Fast
class ReferenceAlertsTest {

    private static final Source VIASNA = new Source("Viasna Human Rights Centre", "https://spring96.org/en/news/political-prisoners-released");
    private static final Source AMNESTY = new Source("Amnesty International", "https://www.amnesty.org/en/latest/news/prisoners-of-conscience/");
    private static final String PERSON = Workload.watchedId(162);
    private static final String THREAD = AlertIds.of(AlertRule.WATCHLIST_RELEASE, PERSON, "2025-11-28");

    /**
     * The bench's person 162 of the 200 000-event bulk: released in Laos and in Tajikistan on 28 Nov 2025, by two sources.
     * The person's day is one thread (its id names no country), and the second source's report corroborates it.
     */
    @Test
    void aWatchedPersonsDayReportedByTwoSourcesFromTwoCountriesHasItsCorroboratedUpdate() {
        assertThat(idsOfTheDay("TJ", AMNESTY)).containsExactlyInAnyOrder(THREAD, MessageIds.of(THREAD, "corroborated"));
    }

    @Test
    void aWatchedPersonsDayReportedByTwoSourcesFromOneCountryHasItsCorroboratedUpdate() {
        assertThat(idsOfTheDay("LA", AMNESTY)).containsExactlyInAnyOrder(THREAD, MessageIds.of(THREAD, "corroborated"));
    }

    @Test
    void aWatchedPersonsDayReportedTwiceByOneSourceIsOneAlertAlone() {
        assertThat(idsOfTheDay("TJ", VIASNA)).containsExactly(THREAD);
    }

    /** The WATCHLIST_RELEASE ids the reference gives for person 162's Laos report and a second one as given. */
    private static Set<String> idsOfTheDay(String secondCountry, Source secondSource) {
        List<Workload.Event> bulk = List.of(release("bench-r-183432", "2025-11-28T12:28:31.720Z", "LA", VIASNA),
                release("bench-r-186349", "2025-11-28T22:58:12.040Z", secondCountry, secondSource));
        return ReferenceAlerts.idsByRule(bulk, Workload.watchlist()).get(AlertRule.WATCHLIST_RELEASE.name());
    }

    /**
     * The bulk of {@code bench/run --events 200000} (seed and count as the bench draws them), the watchlist first as the
     * bench writes it: the WATCHLIST_RELEASE ids the bench expects are those of {@link ExactModel} for these arrivals.
     */
    @Test
    void onTheBenchsOwnBulkTheWatchlistIdsAreThoseOfTheExactModel() {
        Workload workload = new Workload(42, 200_000);
        List<Workload.Event> bulk = new ArrayList<>();
        List<Arrival> arrivals = new ArrayList<>();
        Workload.watchlist().forEach(entry -> arrivals.add(new Arrival.Watched(entry)));
        for (int i = 0; i < 200_000; i++) {
            Workload.Event e = workload.next();
            bulk.add(e);
            if (e.release()) {
                arrivals.add(new Arrival.Released(Json.read(e.json(), ReleaseEvent.class)));
            }
        }
        RulesConfig rules = RulesConfig.defaults();
        ExactModel.Settings settings = new ExactModel.Settings(rules.massThresholds(), rules.massWindow(), rules.lateness(),
                rules.linkWindow(), rules.dedupRetention());
        // a person's WATCHLIST_RELEASE messages follow from their own reports alone: the model is given the watched ones
        List<Arrival> watched = arrivals.stream().filter(a -> a instanceof Arrival.Watched
                || ((Arrival.Released) a).release().person().id().startsWith("bench:watched:")).toList();
        Set<String> exact = new TreeSet<>();
        ExactModel.alerts(watched, settings).values().stream().filter(a -> a.rule() == AlertRule.WATCHLIST_RELEASE)
                .forEach(a -> exact.add(a.id()));

        Set<String> expected = ReferenceAlerts.idsByRule(bulk, Workload.watchlist()).get(AlertRule.WATCHLIST_RELEASE.name());
        assertThat(exact).as("the exact model's WATCHLIST_RELEASE ids for the bench's bulk").hasSizeGreaterThan(150);
        assertThat(expected).containsExactlyInAnyOrderElementsOf(exact);
    }

    private static Workload.Event release(String eventId, String at, String country, Source source) {
        ReleaseEvent release = new ReleaseEvent(eventId, Instant.parse(at), country,
                new Person(PERSON, "Political prisoner 162", List.of()), List.of(), null, null, source);
        return new Workload.Event(eventId, eventId, true, Json.bytes(release));
    }
}

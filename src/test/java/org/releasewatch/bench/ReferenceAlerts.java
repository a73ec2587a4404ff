package org.releasewatch.bench;

import org.releasewatch.config.RulesConfig;
import org.releasewatch.json.Json;
import org.releasewatch.model.Person;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.model.WatchlistEntry;
import org.releasewatch.rules.reference.ReferenceModel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The alert ids the contract promises for the bulk workload, per rule, from {@link ReferenceModel}: a plain
 * function of the events written from the contract's rule table, not a second run of the production topology
 * (which would agree with the service on every mistake they share). The bulk lies in event-time order with
 * minutes of jitter, far within the lateness, so the model is exact for it.
 *
 * <p>MASS_RELEASE, SANCTIONS_CHANGE and LINKED_RELIEF are asked one country at a time: each of their alerts is a
 * function of one country's events (a sanction's ids name no country, and the union of the answers keeps each id
 * once), and the model's LINKED_RELIEF pairs every relief with every release it is given — over a million events at
 * once that is hours, one country at a time seconds. WATCHLIST_RELEASE is asked once, with every release: a person's
 * day is one thread whichever countries their reports name, and two sources from two countries corroborate it. The
 * bench writes the watchlist before the bulk, so each such day's {@code corroborated} update is expected too.
 */
final class ReferenceAlerts {

    private ReferenceAlerts() {
    }

    /** Alert ids by rule name for {@code bulk} with the watchlist {@code watchlist} and the default rules. */
    static Map<String, Set<String>> idsByRule(List<Workload.Event> bulk, List<WatchlistEntry> watchlist) {
        Map<String, List<ReleaseEvent>> releases = new HashMap<>();
        List<ReleaseEvent> all = new ArrayList<>();
        Map<String, List<SanctionEvent>> sanctions = new HashMap<>();
        for (Workload.Event e : bulk) {
            if (e.release()) {
                ReleaseEvent r = Json.read(e.json(), ReleaseEvent.class);
                // what the model reads of a release, without the charges and tags that make up most of its bytes
                ReleaseEvent lean = new ReleaseEvent(r.eventId(), r.occurredAt(), r.country(), new Person(r.person().id(),
                        r.person().name(), List.of()), List.of(), r.transferredTo(), r.agreement(), r.source());
                releases.computeIfAbsent(country(r.country()), c -> new ArrayList<>()).add(lean);
                all.add(lean);
            } else {
                SanctionEvent s = Json.read(e.json(), SanctionEvent.class);
                sanctions.computeIfAbsent(country(s.targetCountry()), c -> new ArrayList<>()).add(s);
            }
        }
        RulesConfig rules = RulesConfig.defaults();
        ReferenceModel.Settings settings = new ReferenceModel.Settings(rules.massThresholds(), rules.massWindow(), rules.linkWindow());
        Set<String> countries = new TreeSet<>(releases.keySet());
        countries.addAll(sanctions.keySet());
        Map<String, Set<String>> byRule = new TreeMap<>();
        for (String country : countries) {
            ReferenceModel.alerts(releases.getOrDefault(country, List.of()), sanctions.getOrDefault(country, List.of()),
                            List.of(), settings)
                    .values().forEach(a -> byRule.computeIfAbsent(a.rule().name(), r -> new TreeSet<>()).add(a.id()));
        }
        List<ReferenceModel.Expected> watched = new ArrayList<>(ReferenceModel.watchlistAlerts(all, watchlist).values());
        watched.addAll(ReferenceModel.corroborations(all, watchlist).values());
        watched.forEach(a -> byRule.computeIfAbsent(a.rule().name(), r -> new TreeSet<>()).add(a.id()));
        return byRule;
    }

    private static String country(String code) {
        return code.toUpperCase(Locale.ROOT);
    }
}

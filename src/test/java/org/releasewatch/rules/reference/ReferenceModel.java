package org.releasewatch.rules.reference;

import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Priority;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.SanctionAction;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.model.Severity;
import org.releasewatch.model.WatchlistEntry;
import org.releasewatch.rules.AlertIds;
import org.releasewatch.rules.MessageIds;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The alerts the contract promises for a set of events, as a plain function: no Kafka, no stores, no
 * arrival order. Written from the contract's rule table, not from the topology, so the two can check each
 * other. Events are a set: a redelivered eventId is the same event. Exact for events that all lie within
 * the grace of each other; beyond it the pipeline may rightly leave late events out, and gives a subset.
 *
 * <p>What depends on arrival order is given as a range: which of several countries keys a WATCHLIST_RELEASE
 * of a person released from two on one day, LINKED_RELIEF's {@code releaseCount} and {@code confidence}
 * ("as seen when emitted"). Whether a watched person's day gets a {@code corroborated} update depends on whether
 * the person was watched before the day's second source came: {@link #corroborations} gives them for a watchlist
 * in place before the releases, and {@link #alerts} leaves them out.
 */
public final class ReferenceModel {

    /** The settings the rules run with (a subset of RulesConfig, kept apart on purpose). */
    public record Settings(List<Integer> thresholds, Duration window, Duration linkWindow, Duration lateness) {

        /** With the default lateness, 48 h. */
        public Settings(List<Integer> thresholds, Duration window, Duration linkWindow) {
            this(thresholds, window, linkWindow, Duration.ofHours(48));
        }
    }

    /** One alert the contract promises, with what of it is fixed and what may vary with arrival order. */
    public record Expected(String id, AlertRule rule, Severity severity, Set<String> countries, Integer count,
                           int minReleaseCount, int maxReleaseCount, Set<String> confidences) {
    }

    private ReferenceModel() {
    }

    public static Map<String, Expected> alerts(Collection<ReleaseEvent> releaseEvents, Collection<SanctionEvent> sanctionEvents,
                                               Collection<WatchlistEntry> watchlist, Settings settings) {
        Collection<ReleaseEvent> releases = distinct(releaseEvents);
        Map<String, SanctionEvent> sanctions = new LinkedHashMap<>();
        sanctionEvents.forEach(s -> sanctions.putIfAbsent(s.eventId(), s));

        Map<String, Expected> out = new TreeMap<>();
        watchlistReleases(releases, watched(watchlist), out);
        massReleases(releases, settings, out);
        sanctionsChanges(sanctions.values(), out);
        linkedReliefs(releases, sanctions.values(), settings, out);
        return out;
    }

    /**
     * WATCHLIST_RELEASE alone, each watched person's day from that person's reports from every country: what
     * {@link #alerts} gives of this rule, asked without the other rules.
     */
    public static Map<String, Expected> watchlistAlerts(Collection<ReleaseEvent> releaseEvents, Collection<WatchlistEntry> watchlist) {
        Map<String, Expected> out = new TreeMap<>();
        watchlistReleases(distinct(releaseEvents), watched(watchlist), out);
        return out;
    }

    /**
     * The WATCHLIST_RELEASE updates that say a day became corroborated (contract v1.2, "Alerts that evolve", step 3),
     * for a watchlist in place before the releases arrive: one per watched person and UTC day whose reports, from
     * whatever countries, carry two or more distinct {@code source.name}s (a report without one counts as the name
     * ""). Its id is the step {@code corroborated} of the day's thread, whichever report came first; exact for
     * reports that lie within the grace of each other and no retraction.
     */
    public static Map<String, Expected> corroborations(Collection<ReleaseEvent> releaseEvents, Collection<WatchlistEntry> watchlist) {
        Map<String, Priority> watched = watched(watchlist);
        Map<String, Set<String>> sourcesByThread = new TreeMap<>();
        Map<String, Set<String>> countriesByThread = new TreeMap<>();
        Map<String, Priority> priorityByThread = new TreeMap<>();
        for (ReleaseEvent r : distinct(releaseEvents)) {
            Priority priority = watched.get(r.person().id());
            if (priority != null) {
                String thread = AlertIds.of(AlertRule.WATCHLIST_RELEASE, r.person().id(), utcDate(r.occurredAt()));
                sourcesByThread.computeIfAbsent(thread, k -> new TreeSet<>())
                        .add(r.source() == null || r.source().name() == null ? "" : r.source().name());
                countriesByThread.computeIfAbsent(thread, k -> new TreeSet<>()).add(country(r.country()));
                priorityByThread.put(thread, priority);
            }
        }
        Map<String, Expected> out = new TreeMap<>();
        sourcesByThread.forEach((thread, sources) -> {
            if (sources.size() >= 2) {
                String id = MessageIds.of(thread, "corroborated");
                out.put(id, new Expected(id, AlertRule.WATCHLIST_RELEASE,
                        priorityByThread.get(thread) == Priority.HIGH ? Severity.CRITICAL : Severity.WARNING,
                        countriesByThread.get(thread), null, 0, 0, Set.of()));
            }
        });
        return out;
    }

    private static Collection<ReleaseEvent> distinct(Collection<ReleaseEvent> releaseEvents) {
        Map<String, ReleaseEvent> releases = new LinkedHashMap<>();
        releaseEvents.forEach(r -> releases.putIfAbsent(r.eventId(), r));
        return releases.values();
    }

    private static Map<String, Priority> watched(Collection<WatchlistEntry> watchlist) {
        Map<String, Priority> watched = new TreeMap<>();
        watchlist.forEach(w -> watched.put(w.personId(), w.priority()));
        return watched;
    }

    private static String country(String code) {
        return code.toUpperCase(Locale.ROOT);
    }

    private static String utcDate(Instant at) {
        return at.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    /** One per watched person and UTC day of a release; keyed by the country of one of that day's releases. */
    private static void watchlistReleases(Collection<ReleaseEvent> releases, Map<String, Priority> watched, Map<String, Expected> out) {
        Map<String, Set<String>> countriesByAlert = new TreeMap<>();
        Map<String, Priority> priorityByAlert = new TreeMap<>();
        for (ReleaseEvent r : releases) {
            Priority priority = watched.get(r.person().id());
            if (priority != null) {
                String id = AlertIds.of(AlertRule.WATCHLIST_RELEASE, r.person().id(), utcDate(r.occurredAt()));
                countriesByAlert.computeIfAbsent(id, k -> new TreeSet<>()).add(country(r.country()));
                priorityByAlert.put(id, priority);
            }
        }
        countriesByAlert.forEach((id, countries) -> out.put(id, new Expected(id, AlertRule.WATCHLIST_RELEASE,
                priorityByAlert.get(id) == Priority.HIGH ? Severity.CRITICAL : Severity.WARNING, countries, null, 0, 0, Set.of())));
    }

    /** Distinct persons per country and UTC-aligned window; one alert per threshold reached, its count the threshold. */
    private static void massReleases(Collection<ReleaseEvent> releases, Settings settings, Map<String, Expected> out) {
        long size = settings.window().toMillis();
        Map<String, Set<String>> personsByWindow = new TreeMap<>();
        for (ReleaseEvent r : releases) {
            long start = Math.floorDiv(r.occurredAt().toEpochMilli(), size) * size;
            personsByWindow.computeIfAbsent(country(r.country()) + " " + start, k -> new HashSet<>()).add(r.person().id());
        }
        Map<String, Long> clocks = new TreeMap<>();
        releases.forEach(r -> clocks.merge(country(r.country()), r.occurredAt().toEpochMilli(), Math::max));
        int lowest = settings.thresholds().stream().min(Integer::compare).orElseThrow();
        personsByWindow.forEach((countryAndStart, persons) -> {
            String countryCode = countryAndStart.substring(0, countryAndStart.indexOf(' '));
            Instant start = Instant.ofEpochMilli(Long.parseLong(countryAndStart.substring(countryAndStart.indexOf(' ') + 1)));
            // one thread per day: the first threshold's alert, an update per higher one, the final count at the close
            String thread = null;
            int highest = 0;
            for (int threshold : settings.thresholds().stream().sorted().toList()) {
                if (persons.size() >= threshold) {
                    String id = thread == null ? AlertIds.of(AlertRule.MASS_RELEASE, countryCode, start.toString(), String.valueOf(threshold))
                            : MessageIds.of(thread, "threshold:" + threshold);
                    thread = thread == null ? id : thread;
                    highest = threshold;
                    out.put(id, new Expected(id, AlertRule.MASS_RELEASE, threshold == lowest ? Severity.WARNING : Severity.CRITICAL,
                            Set.of(countryCode), threshold, 0, 0, Set.of()));
                }
            }
            boolean closed = start.toEpochMilli() + size + settings.lateness().toMillis() <= clocks.get(countryCode);
            if (thread != null && closed && persons.size() > highest) {
                String id = MessageIds.of(thread, "final");
                out.put(id, new Expected(id, AlertRule.MASS_RELEASE, highest == lowest ? Severity.WARNING : Severity.CRITICAL,
                        Set.of(countryCode), persons.size(), 0, 0, Set.of()));
            }
        });
    }

    private static boolean relief(SanctionEvent s) {
        return s.action() == SanctionAction.LIFTED || s.action() == SanctionAction.EASED;
    }

    private static String sanctionKey(AlertRule rule, SanctionEvent s) {
        return AlertIds.of(rule, s.issuer(), s.target().id(), s.action().name(), utcDate(s.occurredAt()));
    }

    private static void sanctionsChanges(Collection<SanctionEvent> sanctions, Map<String, Expected> out) {
        Map<String, Set<String>> countries = new TreeMap<>();
        Map<String, SanctionEvent> any = new TreeMap<>();
        SanctionRuns runs = new SanctionRuns();
        for (SanctionEvent s : sanctions) {
            String id = runs.id(s);
            countries.computeIfAbsent(id, k -> new TreeSet<>()).add(country(s.targetCountry()));
            any.put(id, s);
        }
        countries.forEach((id, cs) -> out.put(id, new Expected(id, AlertRule.SANCTIONS_CHANGE,
                relief(any.get(id)) ? Severity.WARNING : Severity.INFO, cs, null, 0, 0, Set.of())));
    }

    /**
     * A relief with a release from its country within ± the link window: one alert per dedup key. Of
     * several reliefs with one key, any that has a release in range can fire it, with the persons in its range
     * as seen then.
     */
    private static void linkedReliefs(Collection<ReleaseEvent> releases, Collection<SanctionEvent> sanctions, Settings settings,
                                      Map<String, Expected> out) {
        long link = settings.linkWindow().toMillis();
        Map<String, Expected> linked = new TreeMap<>();
        for (SanctionEvent s : sanctions) {
            if (!relief(s)) {
                continue;
            }
            String countryCode = country(s.targetCountry());
            long at = s.occurredAt().toEpochMilli();
            List<ReleaseEvent> inRange = releases.stream()
                    .filter(r -> country(r.country()).equals(countryCode))
                    .filter(r -> Math.abs(r.occurredAt().toEpochMilli() - at) <= link)
                    .toList();
            if (inRange.isEmpty()) {
                continue;
            }
            int persons = inRange.stream().map(r -> r.person().id()).collect(Collectors.toSet()).size();
            boolean agreement = s.agreement() != null && inRange.stream().anyMatch(r -> Objects.equals(s.agreement(), r.agreement()));
            String id = sanctionKey(AlertRule.LINKED_RELIEF, s);
            Expected before = linked.get(id);
            Set<String> confidences = new TreeSet<>(Set.of("medium"));
            if (agreement) {
                confidences.add("high");
            }
            if (before == null) {
                linked.put(id, new Expected(id, AlertRule.LINKED_RELIEF, Severity.CRITICAL, Set.of(countryCode), null, 1, persons, confidences));
            } else {
                Set<String> countries = new TreeSet<>(before.countries());
                countries.add(countryCode);
                confidences.addAll(before.confidences());
                linked.put(id, new Expected(id, AlertRule.LINKED_RELIEF, Severity.CRITICAL, countries, null, 1,
                        Math.max(persons, before.maxReleaseCount()), confidences));
            }
        }
        out.putAll(linked);
    }
}

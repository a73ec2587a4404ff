package org.releasewatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.model.WatchlistEntry;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The alerts the contract's rules (with their default settings) give for a set of inputs, worked out
 * from the inputs alone, without the service's code: one per rule and dedup key, written as
 * {@code RULE|country|dedup key parts}. {@link #key(Alert)} writes an emitted alert the same way from
 * its JSON fields, so a test compares the two lists: a missing, an extra or a duplicated alert shows.
 * A LINKED_RELIEF names its relief by event id instead of the relief's day (its {@code occurredAt} is
 * that of the release that completed the link when the relief came first). Holds for inputs whose
 * event times lie within the late-event grace of each other (48 h) and with one relief per measure and day.
 */
public final class ExpectedAlerts {

    private static final List<Integer> MASS_THRESHOLDS = List.of(10, 100);
    private static final Duration LINK_WINDOW = Duration.ofDays(7);

    private ExpectedAlerts() {
    }

    public static List<String> of(Burst burst) {
        return of(burst.watchlist(), burst.releases(), burst.sanctions());
    }

    public static List<String> of(List<WatchlistEntry> watchlist, List<ReleaseEvent> releases, List<SanctionEvent> sanctions) {
        Set<String> watched = watchlist.stream().map(WatchlistEntry::personId).collect(Collectors.toSet());
        Set<String> keys = new TreeSet<>();
        Map<String, Set<String>> personsByCountryDay = new HashMap<>();
        for (ReleaseEvent r : releases) {
            String day = day(r.occurredAt());
            if (watched.contains(r.person().id())) {
                keys.add(String.join("|", "WATCHLIST_RELEASE", r.country(), r.person().id(), day));
            }
            personsByCountryDay.computeIfAbsent(r.country() + "|" + day, k -> new HashSet<>()).add(r.person().id());
        }
        personsByCountryDay.forEach((countryDay, persons) -> MASS_THRESHOLDS.stream().filter(t -> persons.size() >= t)
                .forEach(t -> keys.add(String.join("|", "MASS_RELEASE", countryDay, String.valueOf(t)))));
        for (SanctionEvent s : sanctions) {
            String measure = String.join("|", s.targetCountry(), s.issuer(), s.target().id(), s.action().name());
            keys.add("SANCTIONS_CHANGE|" + measure + "|" + day(s.occurredAt()));
            if (s.action().isRelief() && releases.stream().anyMatch(r -> r.country().equals(s.targetCountry())
                    && Duration.between(s.occurredAt(), r.occurredAt()).abs().compareTo(LINK_WINDOW) <= 0)) {
                keys.add("LINKED_RELIEF|" + measure + "|" + s.eventId());
            }
        }
        return List.copyOf(keys);
    }

    /** An emitted alert in the form of {@link #of}, read from its JSON fields. */
    public static String key(Alert alert) {
        JsonNode d = alert.details();
        String day = day(alert.occurredAt());
        return switch (alert.rule()) {
            case WATCHLIST_RELEASE -> String.join("|", "WATCHLIST_RELEASE", alert.country(), d.path("person").path("id").asText(), day);
            case MASS_RELEASE -> String.join("|", "MASS_RELEASE", alert.country(),
                    day(Instant.parse(d.path("windowStart").asText())), d.path("threshold").asText());
            case SANCTIONS_CHANGE -> String.join("|", "SANCTIONS_CHANGE", alert.country(), d.path("issuer").asText(),
                    d.path("target").path("id").asText(), d.path("action").asText(), day);
            case LINKED_RELIEF -> String.join("|", "LINKED_RELIEF", alert.country(), d.path("sanction").path("issuer").asText(),
                    d.path("sanction").path("target").path("id").asText(), d.path("sanction").path("action").asText(),
                    d.path("sanction").path("eventId").asText());
        };
    }

    /**
     * The keys of the messages the expectations count: each thread's first message and MASS_RELEASE's threshold
     * updates (each of its own threshold). A corroboration, a relief's count or a day's final count repeats its
     * thread's key, and whether it comes depends on arrival order: left out.
     */
    public static List<String> keys(List<Alert> alerts) {
        return counted(alerts).stream().map(ExpectedAlerts::key).toList();
    }

    /** The messages {@link #keys} counts, in order. */
    public static List<Alert> counted(List<Alert> alerts) {
        return alerts.stream().filter(ExpectedAlerts::counted).toList();
    }

    private static boolean counted(Alert alert) {
        return alert.first() || (alert.rule() == AlertRule.MASS_RELEASE
                && !alert.id().equals(org.releasewatch.rules.MessageIds.of(alert.thread(), "final")));
    }

    private static String day(Instant at) {
        return at.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toLocalDate().toString();
    }
}

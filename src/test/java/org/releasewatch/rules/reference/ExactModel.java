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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The alerts the contract (v1.2, "Time is per country") promises for arrivals in order, exactly: each country's
 * releases in its arrival order move its clock, and lateness and expiry are decided by that clock; each person's
 * releases move the person's clock, which decides the watchlist's. Written from the contract's rule table and
 * docs/rules.md, not from the topology: plain lists and maps, no stores, no purges (which never change an alert).
 * A redelivered eventId is no new fact: only an event's first arrival counts.
 *
 * <p>What of an alert it gives: id, rule, severity, country, occurredAt (the triggering event's), and per rule:
 * MASS_RELEASE count and byDestination, LINKED_RELIEF releaseCount, confidence and agreement, WATCHLIST_RELEASE
 * priority and the event id it was raised for.
 */
public final class ExactModel {

    /** The settings the rules run with. */
    public record Settings(List<Integer> thresholds, Duration window, Duration lateness, Duration linkWindow,
                           Duration dedupRetention) {
    }

    /** One alert, as far as the model decides it. */
    public record Expected(String id, AlertRule rule, Severity severity, String country, Instant occurredAt,
                           Map<String, Object> figures) {
    }

    /** What a run of the model met: for the generators' statistics. */
    public record Met(int lateForMass, int tooLateToLink, int lateForPerson, int addedAndAlerted, int addedTooLate,
                      int redelivered) {
    }

    /** The alerts and what the run met. */
    public record Result(Map<String, Expected> alerts, Met met) {
    }

    private static final long DAY = 86_400_000L;
    private int lateForMass;
    private int tooLateToLink;
    private int lateForPerson;
    private int addedAndAlerted;
    private int addedTooLate;
    private int redelivered;

    private final Settings settings;
    private final Map<String, Expected> out = new LinkedHashMap<>();
    private final Set<String> seenEvents = new HashSet<>();
    private final Map<String, Long> countryClock = new HashMap<>();
    private final Map<String, Long> personClock = new HashMap<>();
    /** country + window start → persons counted (in order), their destinations, thresholds fired. */
    private final Map<String, Day> days = new HashMap<>();
    private final Map<String, List<ReleaseEvent>> linkable = new HashMap<>();
    private final Map<String, List<SanctionEvent>> waiting = new HashMap<>();
    private final Set<String> linked = new HashSet<>();
    private final Map<String, List<ReleaseEvent>> kept = new HashMap<>();
    private final Map<String, Priority> watched = new HashMap<>();
    private final SanctionRuns sanctionRuns = new SanctionRuns();

    private ExactModel(Settings settings) {
        this.settings = settings;
    }

    public static Map<String, Expected> alerts(List<Arrival> arrivals, Settings settings) {
        return run(arrivals, settings).alerts();
    }

    public static Result run(List<Arrival> arrivals, Settings settings) {
        ExactModel model = new ExactModel(settings);
        arrivals.forEach(model::accept);
        return new Result(model.out, new Met(model.lateForMass, model.tooLateToLink, model.lateForPerson,
                model.addedAndAlerted, model.addedTooLate, model.redelivered));
    }

    private void accept(Arrival arrival) {
        if (arrival instanceof Arrival.Released r) {
            if (seenEvents.add(r.release().eventId())) {
                released(r.release());
            } else {
                redelivered++;
            }
        } else if (arrival instanceof Arrival.Sanctioned s) {
            if (seenEvents.add(s.sanction().eventId())) {
                sanctioned(s.sanction());
            }
        } else if (arrival instanceof Arrival.Watched w) {
            watch(w.entry());
        } else {
            watched.remove(((Arrival.Unwatched) arrival).personId());
        }
    }

    private static String country(String code) {
        return code.toUpperCase(Locale.ROOT);
    }

    private static long expiredBefore(long now, long retention) {
        return now == Long.MIN_VALUE ? Long.MIN_VALUE : now - retention;
    }

    /** at + retention <= now */
    private static boolean expired(long at, long retention, long now) {
        return now != Long.MIN_VALUE && at <= expiredBefore(now, retention);
    }

    private void emit(Expected alert, String clockKey) {
        long clock = clockKey.startsWith("person:") ? personClock.getOrDefault(clockKey.substring(7), Long.MIN_VALUE)
                : countryClock.getOrDefault(clockKey, Long.MIN_VALUE);
        if (expired(alert.occurredAt().toEpochMilli(), settings.dedupRetention().toMillis(), clock)) {
            return; // too old to deduplicate
        }
        out.putIfAbsent(alert.id(), alert);
    }

    // ---- releases ---------------------------------------------------------------------------------------------

    private void released(ReleaseEvent r) {
        String c = country(r.country());
        long at = r.occurredAt().toEpochMilli();
        long before = countryClock.getOrDefault(c, Long.MIN_VALUE);
        long now = Math.max(before, at);
        countryClock.put(c, now);
        if (now != before && before != Long.MIN_VALUE) {
            closeDays(c, before, now, r.occurredAt());
        }
        mass(c, r, at, now);
        link(c, r, at, now, before);
        person(r, at);
    }

    private void mass(String c, ReleaseEvent r, long at, long now) {
        long size = settings.window().toMillis();
        long start = Math.floorDiv(at, size) * size;
        if (expired(start, size + settings.lateness().toMillis(), now)) {
            lateForMass++;
            return; // late: not counted
        }
        Day day = days.computeIfAbsent(c + " " + start, k -> new Day());
        Set<String> names = day.sources.computeIfAbsent(r.person().id(), k -> new HashSet<>());
        boolean corroborates = names.size() == 1 && !names.contains(sourceName(r));
        names.add(sourceName(r));
        if (!day.persons.add(r.person().id())) {
            if (corroborates) {
                day.corroborated++;
            }
            return;
        }
        day.byDestination.merge(r.transferredTo() == null ? "unknown" : country(r.transferredTo()), 1, Integer::sum);
        for (int threshold : settings.thresholds()) {
            if (day.persons.size() >= threshold && day.fired.add(threshold)) {
                Instant windowStart = Instant.ofEpochMilli(start);
                Map<String, Object> figures = new TreeMap<>(Map.of("count", day.persons.size(),
                        "byDestination", new TreeMap<>(day.byDestination), "corroborated", day.corroborated));
                String id;
                if (day.messages.isEmpty()) {
                    id = AlertIds.of(AlertRule.MASS_RELEASE, c, windowStart.toString(), String.valueOf(threshold));
                } else {
                    id = MessageIds.of(day.messages.get(0), "threshold:" + threshold);
                    thread(figures, "update", day.messages);
                }
                emit(new Expected(id, AlertRule.MASS_RELEASE,
                        threshold == settings.thresholds().get(0) ? Severity.WARNING : Severity.CRITICAL, c, r.occurredAt(),
                        Map.copyOf(figures)), c);
                day.messages.add(id);
                day.reported = day.persons.size();
                break; // one threshold per release: the count grows by one
            }
        }
    }

    private static void thread(Map<String, Object> figures, String msgType, List<String> earlier) {
        figures.put("msgType", msgType);
        figures.put("thread", earlier.get(0));
        figures.put("references", List.copyOf(earlier));
    }

    /** Days of {@code c} that closed as its clock moved from {@code before} to {@code now}: their final counts. */
    private void closeDays(String c, long before, long now, Instant trigger) {
        long size = settings.window().toMillis();
        long kept = size + settings.lateness().toMillis();
        List<Long> starts = new ArrayList<>();
        days.forEach((key, day) -> {
            if (key.startsWith(c + " ")) {
                long start = Long.parseLong(key.substring(c.length() + 1));
                if (expired(start, kept, now) && !expired(start, kept, before)) {
                    starts.add(start);
                }
            }
        });
        starts.sort(null);
        for (long start : starts) {
            Day day = days.get(c + " " + start);
            if (day.messages.isEmpty() || day.persons.size() <= day.reported) {
                continue;
            }
            Map<String, Object> figures = new TreeMap<>(Map.of("count", day.persons.size(),
                    "byDestination", new TreeMap<>(day.byDestination), "corroborated", day.corroborated));
            thread(figures, "update", day.messages);
            int highest = day.fired.stream().max(Integer::compare).orElseThrow();
            emit(new Expected(MessageIds.of(day.messages.get(0), "final"), AlertRule.MASS_RELEASE,
                    highest == settings.thresholds().get(0) ? Severity.WARNING : Severity.CRITICAL, c, trigger,
                    Map.copyOf(figures)), c);
        }
    }

    private long link() {
        return settings.linkWindow().toMillis();
    }

    private void link(String c, ReleaseEvent r, long at, long now, long before) {
        if (expired(at, 2 * link() + settings.lateness().toMillis(), now)) {
            tooLateToLink++;
            followFired(c, null, now, before, r.occurredAt());
            return; // too late to link
        }
        linkable.computeIfAbsent(c, k -> new ArrayList<>()).add(r);
        followFired(c, r, now, before, r.occurredAt());
        List<SanctionEvent> candidates = new ArrayList<>(waiting.getOrDefault(c, List.of()));
        candidates.sort(Comparator.comparing((SanctionEvent s) -> s.occurredAt()).thenComparing(s -> s.eventId().length())
                .thenComparing(SanctionEvent::eventId));
        for (SanctionEvent relief : candidates) {
            long reliefAt = relief.occurredAt().toEpochMilli();
            if (Math.abs(reliefAt - at) <= link() && !expired(reliefAt, link() + settings.lateness().toMillis(), now)) {
                fire(c, relief, r.occurredAt());
            }
        }
    }

    private void person(ReleaseEvent r, long at) {
        String p = r.person().id();
        long now = Math.max(personClock.getOrDefault(p, Long.MIN_VALUE), at);
        personClock.put(p, now);
        if (expired(at, settings.lateness().toMillis(), now)) {
            lateForPerson++;
            return; // late for the person: neither kept nor alerted
        }
        List<ReleaseEvent> day = ofTheDay(p, at, now);
        kept.computeIfAbsent(p, k -> new ArrayList<>()).add(r);
        Priority priority = watched.get(p);
        if (priority == null) {
            return;
        }
        Set<String> before = sources(day);
        Set<String> after = new TreeSet<>(before);
        after.add(sourceName(r));
        if (before.isEmpty()) {
            watchAlert(r, priority, after.size());
        } else if (before.size() == 1 && after.size() == 2) {
            ReleaseEvent first = day.get(0);
            String thread = watchId(first);
            Map<String, Object> figures = new TreeMap<>(Map.of("priority", priority == Priority.HIGH ? "high" : "normal",
                    "eventId", first.eventId(), "corroboration", "corroborated"));
            figures.put("msgType", "update");
            figures.put("thread", thread);
            figures.put("references", List.of(thread));
            emit(new Expected(MessageIds.of(thread, "corroborated"), AlertRule.WATCHLIST_RELEASE,
                    priority == Priority.HIGH ? Severity.CRITICAL : Severity.WARNING, country(first.country()), first.occurredAt(),
                    Map.copyOf(figures)), "person:" + p);
        }
    }

    /** The person's kept releases on the UTC day of {@code at} within the grace, first (by time, then id) first. */
    private List<ReleaseEvent> ofTheDay(String p, long at, long now) {
        return kept.getOrDefault(p, List.of()).stream()
                .filter(k -> Math.floorDiv(k.occurredAt().toEpochMilli(), DAY) == Math.floorDiv(at, DAY))
                .filter(k -> !expired(k.occurredAt().toEpochMilli(), settings.lateness().toMillis(), now))
                .sorted(Comparator.comparing(ReleaseEvent::occurredAt).thenComparing(k -> k.eventId().length())
                        .thenComparing(ReleaseEvent::eventId))
                .toList();
    }

    private static Set<String> sources(List<ReleaseEvent> releases) {
        Set<String> names = new TreeSet<>();
        releases.forEach(k -> names.add(sourceName(k)));
        return names;
    }

    private static String sourceName(ReleaseEvent r) {
        return r.source() == null || r.source().name() == null ? "" : r.source().name();
    }

    private static String watchId(ReleaseEvent r) {
        return AlertIds.of(AlertRule.WATCHLIST_RELEASE, r.person().id(), r.occurredAt().atOffset(ZoneOffset.UTC).toLocalDate().toString());
    }

    private void watchAlert(ReleaseEvent r, Priority priority, int sources) {
        emit(new Expected(watchId(r), AlertRule.WATCHLIST_RELEASE, priority == Priority.HIGH ? Severity.CRITICAL : Severity.WARNING,
                country(r.country()), r.occurredAt(), Map.of("priority", priority == Priority.HIGH ? "high" : "normal",
                "eventId", r.eventId(), "corroboration", sources >= 2 ? "corroborated" : "single-source")), "person:" + r.person().id());
    }

    private void watch(WatchlistEntry entry) {
        Priority before = watched.put(entry.personId(), entry.priority());
        if (before != null) {
            return; // a change of priority applies to later releases
        }
        long now = personClock.getOrDefault(entry.personId(), Long.MIN_VALUE);
        List<ReleaseEvent> releases = new ArrayList<>(kept.getOrDefault(entry.personId(), List.of()));
        releases.sort(Comparator.comparing(ReleaseEvent::occurredAt).thenComparing(r -> r.eventId().length())
                .thenComparing(ReleaseEvent::eventId));
        Set<Long> days = new HashSet<>();
        for (ReleaseEvent r : releases) {
            long at = r.occurredAt().toEpochMilli();
            if (expired(at, settings.lateness().toMillis(), now)) {
                addedTooLate++;
            } else if (days.add(Math.floorDiv(at, DAY))) {
                addedAndAlerted++;
                watchAlert(r, entry.priority(), sources(ofTheDay(entry.personId(), at, now)).size());
            }
        }
    }

    // ---- sanctions --------------------------------------------------------------------------------------------

    private static String sanctionId(AlertRule rule, SanctionEvent s) {
        return AlertIds.of(rule, s.issuer(), s.target().id(), s.action().name(),
                s.occurredAt().atOffset(ZoneOffset.UTC).toLocalDate().toString());
    }

    private static boolean relief(SanctionEvent s) {
        return s.action() == SanctionAction.LIFTED || s.action() == SanctionAction.EASED;
    }

    private void sanctioned(SanctionEvent s) {
        String c = country(s.targetCountry());
        emit(new Expected(sanctionRuns.id(s), AlertRule.SANCTIONS_CHANGE,
                relief(s) ? Severity.WARNING : Severity.INFO, c, s.occurredAt(), Map.of()), c);
        if (!relief(s)) {
            return;
        }
        long at = s.occurredAt().toEpochMilli();
        if (expired(at, link() + settings.lateness().toMillis(), countryClock.getOrDefault(c, Long.MIN_VALUE))) {
            return; // too late to link
        }
        if (linked.contains(sanctionId(AlertRule.LINKED_RELIEF, s))) {
            return;
        }
        if (!fire(c, s, s.occurredAt())) {
            waiting.computeIfAbsent(c, k -> new ArrayList<>()).add(s);
        }
    }

    /** A fired relief followed as a thread: its last reported count and its messages' ids. */
    private static final class Fired {
        final String country;
        final SanctionEvent relief;
        int reported;
        boolean closed;
        final List<String> messages = new ArrayList<>();

        Fired(String country, SanctionEvent relief) {
            this.country = country;
            this.relief = relief;
        }
    }

    private final Map<String, Fired> fired = new LinkedHashMap<>();

    /** Step 2 of "Alerts that evolve": threshold updates while the window is open, the final count when it closes. */
    private void followFired(String c, ReleaseEvent r, long now, long before, Instant trigger) {
        long kept = link() + settings.lateness().toMillis();
        for (Fired f : new ArrayList<>(fired.values())) {
            if (!f.country.equals(c) || f.closed) {
                continue;
            }
            long reliefAt = f.relief.occurredAt().toEpochMilli();
            if (expired(reliefAt, kept, now)) {
                f.closed = true;
                List<ReleaseEvent> inRange = inRange(c, f.relief);
                long persons = inRange.stream().map(x -> x.person().id()).distinct().count();
                if (persons != f.reported) {
                    update(f, inRange, "final", trigger);
                }
                continue;
            }
            if (r == null || Math.abs(reliefAt - r.occurredAt().toEpochMilli()) > link()) {
                continue;
            }
            Integer next = settings.thresholds().stream().filter(t -> t > f.reported).min(Integer::compare).orElse(null);
            List<ReleaseEvent> inRange = inRange(c, f.relief);
            long persons = inRange.stream().map(x -> x.person().id()).distinct().count();
            if (next != null && persons >= next) {
                update(f, inRange, "count:" + next, trigger);
            }
        }
    }

    private List<ReleaseEvent> inRange(String c, SanctionEvent relief) {
        long at = relief.occurredAt().toEpochMilli();
        return linkable.getOrDefault(c, List.of()).stream()
                .filter(x -> Math.abs(x.occurredAt().toEpochMilli() - at) <= link()).toList();
    }

    private void update(Fired f, List<ReleaseEvent> inRange, String step, Instant trigger) {
        int persons = (int) inRange.stream().map(x -> x.person().id()).distinct().count();
        boolean shared = f.relief.agreement() != null && inRange.stream().anyMatch(x -> Objects.equals(f.relief.agreement(), x.agreement()));
        String thread = f.messages.get(0);
        Map<String, Object> figures = new TreeMap<>();
        figures.put("releaseCount", persons);
        figures.put("confidence", shared ? "high" : "medium");
        figures.put("agreement", shared ? f.relief.agreement() : "null");
        thread(figures, "update", f.messages);
        String id = MessageIds.of(thread, step);
        emit(new Expected(id, AlertRule.LINKED_RELIEF, Severity.CRITICAL, f.country, trigger, Map.copyOf(figures)), f.country);
        f.messages.add(id);
        f.reported = persons;
    }

    private boolean fire(String c, SanctionEvent relief, Instant trigger) {
        String id = sanctionId(AlertRule.LINKED_RELIEF, relief);
        if (linked.contains(id)) {
            return true;
        }
        long at = relief.occurredAt().toEpochMilli();
        List<ReleaseEvent> inRange = linkable.getOrDefault(c, List.of()).stream()
                .filter(r -> Math.abs(r.occurredAt().toEpochMilli() - at) <= link()).toList();
        if (inRange.isEmpty()) {
            return false;
        }
        long persons = inRange.stream().map(r -> r.person().id()).distinct().count();
        boolean shared = relief.agreement() != null && inRange.stream().anyMatch(r -> Objects.equals(relief.agreement(), r.agreement()));
        linked.add(id);
        Fired f = new Fired(c, relief);
        f.messages.add(id);
        f.reported = (int) persons;
        fired.put(id, f);
        waiting.getOrDefault(c, new ArrayList<>()).removeIf(w -> sanctionId(AlertRule.LINKED_RELIEF, w).equals(id));
        Map<String, Object> figures = new TreeMap<>();
        figures.put("releaseCount", (int) persons);
        figures.put("confidence", shared ? "high" : "medium");
        figures.put("agreement", shared ? relief.agreement() : "null");
        emit(new Expected(id, AlertRule.LINKED_RELIEF, Severity.CRITICAL, c, trigger, figures), c);
        return true;
    }

    private static final class Day {
        final Set<String> persons = new HashSet<>();
        final Map<String, Integer> byDestination = new TreeMap<>();
        final Set<Integer> fired = new HashSet<>();
        /** The ids of the day's thread, first message first. */
        final List<String> messages = new ArrayList<>();
        int reported;
        /** Per person counted: the distinct source names that reported them; how many have two or more. */
        final Map<String, Set<String>> sources = new HashMap<>();
        int corroborated;
    }
}

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
 * A redelivered eventId is no new fact: only an event's first arrival counts (a retraction's likewise).
 *
 * <p>Retractions (contract v1.2, "Alerts that evolve", step 4): a withdrawn eventId is remembered per country (and per
 * person) as long as a rule still accepts its report, and a report that comes after its retraction counts for nothing.
 * A retraction withdraws the report where it counted: a person with no report left leaves a MASS_RELEASE day, and the
 * threshold the count falls below gets a cancel; a LINKED_RELIEF whose persons fall below its last count gets an
 * update (a cancel with none); a watched day with no report left a cancel, a corroborated one back to one source an
 * update; a sanctions run with no report left a cancel, a withdrawn relief's LINKED_RELIEF thread a cancel. A later
 * report revives a cancelled thread with an update. Each thread's messages are what the topic holds of it.
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
                      int redelivered, int retractedBeforeReport, int massCancelled, int linkedDecreased,
                      int backToSingleSource, int revived, int corroboratedFromTwoCountries) {
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
    private int retractedBeforeReport;
    private int massCancelled;
    private int linkedDecreased;
    private int backToSingleSource;
    private int revived;
    private int corroboratedFromTwoCountries;
    /** Withdrawn eventIds by "country id" and "person id": when each entry has expired. */
    private final Map<String, Long> countryGate = new HashMap<>();
    private final Map<String, Long> personGate = new HashMap<>();
    /** Per thread id: its messages on the topic, and whether the last cancelled the thread. */
    private final Map<String, Log> threads = new HashMap<>();

    private static final class Log {
        final List<String> messages = new ArrayList<>();
        boolean withdrawn;
    }

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
                model.addedAndAlerted, model.addedTooLate, model.redelivered, model.retractedBeforeReport,
                model.massCancelled, model.linkedDecreased, model.backToSingleSource, model.revived,
                model.corroboratedFromTwoCountries));
    }

    private void accept(Arrival arrival) {
        if (arrival instanceof Arrival.Released r && r.release().retracted()) {
            if (seenEvents.add("retracted " + r.release().eventId())) {
                retracted(r.release());
            }
        } else if (arrival instanceof Arrival.Released r) {
            if (seenEvents.add(r.release().eventId())) {
                released(r.release());
            } else {
                redelivered++;
            }
        } else if (arrival instanceof Arrival.Sanctioned s && s.sanction().retracted()) {
            if (seenEvents.add("retracted " + s.sanction().eventId())) {
                retracted(s.sanction());
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
        emit(alert, clockKey, true);
    }

    /** {@code wholeThread}: a cancel that withdraws its thread (not a MASS_RELEASE cancel of a higher threshold). */
    private void emit(Expected alert, String clockKey, boolean wholeThread) {
        long clock = clockKey.startsWith("person:") ? personClock.getOrDefault(clockKey.substring(7), Long.MIN_VALUE)
                : countryClock.getOrDefault(clockKey, Long.MIN_VALUE);
        if (expired(alert.occurredAt().toEpochMilli(), settings.dedupRetention().toMillis(), clock)) {
            return; // too old to deduplicate
        }
        if (out.putIfAbsent(alert.id(), alert) != null) {
            return;
        }
        Object thread = alert.figures().get("thread");
        if (thread == null) {
            threads.computeIfAbsent(alert.id(), k -> new Log()).messages.add(alert.id());
            return;
        }
        Log log = threads.get((String) thread);
        if (log != null) {
            log.messages.add(alert.id());
            log.withdrawn = "cancel".equals(alert.figures().get("msgType")) && wholeThread;
        }
    }

    private List<String> messages(String thread, List<String> otherwise) {
        Log log = threads.get(thread);
        return log == null ? otherwise : log.messages;
    }

    private boolean withdrawn(String thread) {
        Log log = threads.get(thread);
        return log != null && log.withdrawn;
    }

    /** Whether a gate holds a retraction of {@code key} not yet expired by {@code now}; an expired one goes. */
    private static boolean held(Map<String, Long> gate, String key, long now) {
        Long until = gate.get(key);
        if (until != null && now != Long.MIN_VALUE && until <= now) {
            gate.remove(key);
            return false;
        }
        return until != null;
    }

    /** Keeps a retraction at its gate unless its report is too late for every rule there; says whether it did. */
    private static boolean hold(Map<String, Long> gate, String key, long until, long now) {
        if (now != Long.MIN_VALUE && until <= now) {
            return false;
        }
        gate.put(key, until);
        return true;
    }

    // ---- releases ---------------------------------------------------------------------------------------------

    private void released(ReleaseEvent r) {
        String c = country(r.country());
        long at = r.occurredAt().toEpochMilli();
        boolean byCountry = !held(countryGate, c + " " + r.eventId(), countryClock.getOrDefault(c, Long.MIN_VALUE));
        boolean byPerson = !held(personGate, r.person().id() + " " + r.eventId(),
                personClock.getOrDefault(r.person().id(), Long.MIN_VALUE));
        if (!byCountry && !byPerson) {
            retractedBeforeReport++;
        }
        if (byCountry) {
            releasedByCountry(r, c, at);
        }
        if (byPerson) {
            person(r, at);
        }
    }

    private void releasedByCountry(ReleaseEvent r, String c, long at) {
        long before = countryClock.getOrDefault(c, Long.MIN_VALUE);
        long now = Math.max(before, at);
        countryClock.put(c, now);
        if (now != before && before != Long.MIN_VALUE) {
            closeDays(c, before, now, r.occurredAt());
        }
        mass(c, r, at, now);
        link(c, r, at, now, before);
    }

    private void mass(String c, ReleaseEvent r, long at, long now) {
        long size = settings.window().toMillis();
        long start = Math.floorDiv(at, size) * size;
        if (expired(start, size + settings.lateness().toMillis(), now)) {
            lateForMass++;
            return; // late: not counted
        }
        Day day = days.computeIfAbsent(c + " " + start, k -> new Day());
        day.reports.computeIfAbsent(r.person().id(), k -> new ArrayList<>()).add(r.eventId());
        Set<String> names = day.sources.computeIfAbsent(r.person().id(), k -> new HashSet<>());
        boolean corroborates = names.size() == 1 && !names.contains(sourceName(r));
        names.add(sourceName(r));
        if (!day.persons.add(r.person().id())) {
            if (corroborates) {
                day.corroborated++;
            }
            return;
        }
        String destination = r.transferredTo() == null ? "unknown" : country(r.transferredTo());
        day.destinations.put(r.person().id(), destination);
        day.byDestination.merge(destination, 1, Integer::sum);
        int lowest = settings.thresholds().get(0);
        for (int threshold : settings.thresholds()) {
            if (day.persons.size() >= threshold && day.fired.add(threshold)) {
                Instant windowStart = Instant.ofEpochMilli(start);
                Map<String, Object> figures = new TreeMap<>(Map.of("count", day.persons.size(),
                        "byDestination", new TreeMap<>(day.byDestination), "corroborated", day.corroborated));
                String thread = AlertIds.of(AlertRule.MASS_RELEASE, c, windowStart.toString(), String.valueOf(lowest));
                String announced = threshold == lowest ? thread : MessageIds.of(thread, "threshold:" + threshold);
                String id;
                if (threads.containsKey(thread) && threads.get(thread).messages.contains(announced)) {
                    // reached again after a retraction took the count below it
                    id = MessageIds.of(thread, "threshold:" + threshold + ":" + r.eventId());
                    thread(figures, "update", threads.get(thread).messages);
                    revived++;
                } else if (day.messages.isEmpty()) {
                    id = AlertIds.of(AlertRule.MASS_RELEASE, c, windowStart.toString(), String.valueOf(threshold));
                } else {
                    id = MessageIds.of(day.messages.get(0), "threshold:" + threshold);
                    thread(figures, "update", messages(day.messages.get(0), day.messages));
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
            if (day.fired.isEmpty() || day.persons.size() <= day.fired.stream().max(Integer::compare).orElseThrow()) {
                continue;
            }
            Map<String, Object> figures = new TreeMap<>(Map.of("count", day.persons.size(),
                    "byDestination", new TreeMap<>(day.byDestination), "corroborated", day.corroborated));
            thread(figures, "update", messages(day.messages.get(0), day.messages));
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
            if (withdrawn(thread)) {
                return;
            }
            if (!country(first.country()).equals(country(r.country()))) {
                corroboratedFromTwoCountries++;
            }
            List<String> earlier = messages(thread, List.of(thread));
            String step = earlier.contains(MessageIds.of(thread, "corroborated")) ? "corroborated:" + r.eventId() : "corroborated";
            Map<String, Object> figures = new TreeMap<>(Map.of("priority", priority == Priority.HIGH ? "high" : "normal",
                    "eventId", first.eventId(), "corroboration", "corroborated"));
            figures.put("msgType", "update");
            figures.put("thread", thread);
            figures.put("references", List.copyOf(earlier));
            emit(new Expected(MessageIds.of(thread, step), AlertRule.WATCHLIST_RELEASE,
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
        String thread = watchId(r);
        if (withdrawn(thread)) {
            revived++;
            Map<String, Object> figures = new TreeMap<>(Map.of("priority", priority == Priority.HIGH ? "high" : "normal",
                    "eventId", r.eventId(), "corroboration", sources >= 2 ? "corroborated" : "single-source"));
            thread(figures, "update", threads.get(thread).messages);
            emit(new Expected(MessageIds.of(thread, "revived:" + r.eventId()), AlertRule.WATCHLIST_RELEASE,
                    priority == Priority.HIGH ? Severity.CRITICAL : Severity.WARNING, country(r.country()), r.occurredAt(),
                    Map.copyOf(figures)), "person:" + r.person().id());
            return;
        }
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
        if (held(countryGate, c + " " + s.eventId(), countryClock.getOrDefault(c, Long.MIN_VALUE))) {
            retractedBeforeReport++;
            return;
        }
        String id = sanctionRuns.id(s);
        if (withdrawn(id)) {
            revived++;
            Map<String, Object> figures = new TreeMap<>();
            thread(figures, "update", threads.get(id).messages);
            emit(new Expected(MessageIds.of(id, "revived:" + s.eventId()), AlertRule.SANCTIONS_CHANGE,
                    relief(s) ? Severity.WARNING : Severity.INFO, c, s.occurredAt(), Map.copyOf(figures)), c);
        } else {
            emit(new Expected(id, AlertRule.SANCTIONS_CHANGE,
                    relief(s) ? Severity.WARNING : Severity.INFO, c, s.occurredAt(), Map.of()), c);
        }
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
            if (f.reported == 0) {
                revived++;
                update(f, inRange(c, f.relief), "revived:" + r.eventId(), trigger);
                continue;
            }
            Integer next = settings.thresholds().stream().filter(t -> t > f.reported).min(Integer::compare).orElse(null);
            List<ReleaseEvent> inRange = inRange(c, f.relief);
            long persons = inRange.stream().map(x -> x.person().id()).distinct().count();
            if (next != null && persons >= next) {
                String step = f.messages.contains(MessageIds.of(f.messages.get(0), "count:" + next))
                        ? "count:" + next + ":" + r.eventId() : "count:" + next;
                update(f, inRange, step, trigger);
            }
        }
    }

    private List<ReleaseEvent> inRange(String c, SanctionEvent relief) {
        long at = relief.occurredAt().toEpochMilli();
        return linkable.getOrDefault(c, List.of()).stream()
                .filter(x -> Math.abs(x.occurredAt().toEpochMilli() - at) <= link()).toList();
    }

    private void update(Fired f, List<ReleaseEvent> inRange, String step, Instant trigger) {
        update(f, inRange, step, trigger, "update");
    }

    private void update(Fired f, List<ReleaseEvent> inRange, String step, Instant trigger, String msgType) {
        int persons = (int) inRange.stream().map(x -> x.person().id()).distinct().count();
        boolean shared = f.relief.agreement() != null && inRange.stream().anyMatch(x -> Objects.equals(f.relief.agreement(), x.agreement()));
        String thread = f.messages.get(0);
        Map<String, Object> figures = new TreeMap<>();
        figures.put("releaseCount", persons);
        figures.put("confidence", shared ? "high" : "medium");
        figures.put("agreement", shared ? f.relief.agreement() : "null");
        thread(figures, msgType, f.messages);
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

    // ---- retractions ------------------------------------------------------------------------------------------

    private static final String WITHDRAWN = "withdrawn:";

    private void retracted(ReleaseEvent r) {
        String c = country(r.country());
        long at = r.occurredAt().toEpochMilli();
        long countryNow = countryClock.getOrDefault(c, Long.MIN_VALUE);
        long keep = Math.max(settings.window().toMillis(), 2 * link()) + settings.lateness().toMillis();
        if (hold(countryGate, c + " " + r.eventId(), at + keep, countryNow)) {
            massWithdrawn(c, r, at, countryNow);
            linkWithdrawn(c, r, at);
        }
        String p = r.person().id();
        long personNow = personClock.getOrDefault(p, Long.MIN_VALUE);
        if (hold(personGate, p + " " + r.eventId(), at + settings.lateness().toMillis(), personNow)) {
            personWithdrawn(r, at, personNow);
        }
    }

    private void massWithdrawn(String c, ReleaseEvent r, long at, long now) {
        long size = settings.window().toMillis();
        long start = Math.floorDiv(at, size) * size;
        if (expired(start, size + settings.lateness().toMillis(), now)) {
            return;
        }
        Day day = days.get(c + " " + start);
        String p = r.person().id();
        if (day == null || !day.reports.containsKey(p) || !day.reports.get(p).remove(r.eventId()) || !day.reports.get(p).isEmpty()) {
            return;
        }
        day.reports.remove(p);
        day.persons.remove(p);
        day.byDestination.computeIfPresent(day.destinations.remove(p), (d, n) -> n > 1 ? n - 1 : null);
        if (day.sources.remove(p).size() >= 2) {
            day.corroborated--;
        }
        Integer fallen = day.fired.stream().filter(t -> day.persons.size() < t).max(Integer::compare).orElse(null);
        if (fallen == null) {
            return;
        }
        day.fired.remove(fallen);
        int lowest = settings.thresholds().get(0);
        String thread = AlertIds.of(AlertRule.MASS_RELEASE, c, Instant.ofEpochMilli(start).toString(), String.valueOf(lowest));
        if (!threads.containsKey(thread)) {
            return;
        }
        massCancelled++;
        Map<String, Object> figures = new TreeMap<>(Map.of("count", day.persons.size(),
                "byDestination", new TreeMap<>(day.byDestination), "corroborated", day.corroborated));
        thread(figures, "cancel", threads.get(thread).messages);
        emit(new Expected(MessageIds.of(thread, WITHDRAWN + r.eventId()), AlertRule.MASS_RELEASE,
                fallen == lowest ? Severity.WARNING : Severity.CRITICAL, c, r.occurredAt(), Map.copyOf(figures)), c,
                fallen == lowest);
    }

    private void linkWithdrawn(String c, ReleaseEvent r, long at) {
        List<ReleaseEvent> releases = linkable.getOrDefault(c, new ArrayList<>());
        if (!releases.removeIf(x -> x.eventId().equals(r.eventId()) && x.occurredAt().equals(r.occurredAt()))) {
            return;
        }
        for (Fired f : new ArrayList<>(fired.values())) {
            if (!f.country.equals(c) || f.closed || Math.abs(f.relief.occurredAt().toEpochMilli() - at) > link()) {
                continue;
            }
            List<ReleaseEvent> inRange = inRange(c, f.relief);
            long persons = inRange.stream().map(x -> x.person().id()).distinct().count();
            if (persons >= f.reported) {
                continue;
            }
            linkedDecreased++;
            update(f, inRange, WITHDRAWN + r.eventId(), r.occurredAt(), persons == 0 ? "cancel" : "update");
        }
    }

    private void personWithdrawn(ReleaseEvent r, long at, long now) {
        String p = r.person().id();
        if (expired(at, settings.lateness().toMillis(), now)) {
            return;
        }
        List<ReleaseEvent> mine = kept.getOrDefault(p, new ArrayList<>());
        ReleaseEvent report = mine.stream().filter(k -> k.eventId().equals(r.eventId()) && k.occurredAt().equals(r.occurredAt()))
                .findFirst().orElse(null);
        if (report == null) {
            return;
        }
        Set<String> before = sources(ofTheDay(p, at, now));
        mine.remove(report);
        Priority priority = watched.get(p);
        String thread = watchId(r);
        if (priority == null || !threads.containsKey(thread) || withdrawn(thread)) {
            return;
        }
        List<ReleaseEvent> day = ofTheDay(p, at, now);
        Set<String> after = sources(day);
        ReleaseEvent shown;
        String msgType;
        String step;
        if (after.isEmpty()) {
            shown = report;
            msgType = "cancel";
            step = WITHDRAWN + r.eventId();
        } else if (before.size() >= 2 && after.size() == 1) {
            backToSingleSource++;
            shown = day.get(0);
            msgType = "update";
            step = "single-source:" + r.eventId();
        } else {
            return;
        }
        Map<String, Object> figures = new TreeMap<>(Map.of("priority", priority == Priority.HIGH ? "high" : "normal",
                "eventId", shown.eventId(), "corroboration", "single-source"));
        thread(figures, msgType, threads.get(thread).messages);
        emit(new Expected(MessageIds.of(thread, step), AlertRule.WATCHLIST_RELEASE,
                priority == Priority.HIGH ? Severity.CRITICAL : Severity.WARNING, country(shown.country()), shown.occurredAt(),
                Map.copyOf(figures)), "person:" + p);
    }

    private void retracted(SanctionEvent s) {
        String c = country(s.targetCountry());
        long at = s.occurredAt().toEpochMilli();
        long now = countryClock.getOrDefault(c, Long.MIN_VALUE);
        if (!hold(countryGate, c + " " + s.eventId(), at + settings.dedupRetention().toMillis() + DAY, now)) {
            return;
        }
        long dayStart = Math.floorDiv(at, DAY) * DAY;
        String cancelled = expired(dayStart, settings.dedupRetention().toMillis() + DAY, now) ? null : sanctionRuns.withdraw(s);
        if (cancelled != null && threads.containsKey(cancelled) && !withdrawn(cancelled)) {
            Map<String, Object> figures = new TreeMap<>();
            thread(figures, "cancel", threads.get(cancelled).messages);
            emit(new Expected(MessageIds.of(cancelled, WITHDRAWN + s.eventId()), AlertRule.SANCTIONS_CHANGE,
                    relief(s) ? Severity.WARNING : Severity.INFO, c, s.occurredAt(), Map.copyOf(figures)), c);
        }
        if (!relief(s)) {
            return;
        }
        waiting.getOrDefault(c, new ArrayList<>()).removeIf(w -> w.eventId().equals(s.eventId()));
        Fired f = fired.get(sanctionId(AlertRule.LINKED_RELIEF, s));
        if (f == null || !f.relief.eventId().equals(s.eventId())
                || expired(f.relief.occurredAt().toEpochMilli(), link() + settings.lateness().toMillis(), now)) {
            return;
        }
        if (f.reported > 0) {
            update(f, inRange(c, f.relief), WITHDRAWN + s.eventId(), s.occurredAt(), "cancel");
        }
        f.closed = true;
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
        /** Per person counted: the eventIds of their standing reports, and where they went (by their first). */
        final Map<String, List<String>> reports = new HashMap<>();
        final Map<String, String> destinations = new HashMap<>();
    }
}

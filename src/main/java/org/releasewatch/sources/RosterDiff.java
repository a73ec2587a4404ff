package org.releasewatch.sources;

import org.releasewatch.json.Json;
import org.releasewatch.model.Person;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.Source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What one version of a roster means (contract v1.2): a person held before who leaves the roster, or whose status
 * becomes a released one, is an inferred release ({@code eventId} {@code <roster>:<id>:<version>}); a person whose
 * release was inferred and who is back on the roster as held withdraws it (a retraction with the same
 * {@code eventId}). A person with no country gives no event: counted and shown as unresolved. A person new to the
 * roster gives none (a roster is not an arrest feed). Released persons who left are remembered for
 * {@link #REMEMBERED}, so that the snapshot does not grow with every release ever inferred.
 */
final class RosterDiff {

    /** How long a release stays withdrawable: a person back on the roster after that is a new detention. */
    static final Duration REMEMBERED = Duration.ofDays(90);

    private final String roster;
    private final Source source;
    private final Set<String> releasedStatuses;
    private final String releasesTopic;

    RosterDiff(RosterConfig config, String releasesTopic) {
        this.roster = config.rosterName();
        this.source = new Source(roster, config.eventUrl());
        this.releasedStatuses = config.releasedStatuses().stream().map(RosterDiff::normal).collect(Collectors.toSet());
        this.releasesTopic = releasesTopic;
    }

    boolean released(String status) {
        return status != null && releasedStatuses.contains(normal(status));
    }

    ListSource.Version<RosterEntry> next(Map<String, RosterEntry> before, Map<String, RosterEntry> after,
                                        ListSource.Context context) {
        Map<String, RosterEntry> next = new HashMap<>();
        List<ListSource.Out> events = new ArrayList<>();
        List<ListStatus.Unresolved> unresolved = new ArrayList<>();
        boolean changed = false;
        TreeSet<String> ids = new TreeSet<>(before.keySet());
        ids.addAll(after.keySet());
        for (String id : ids) {
            RosterEntry was = before.get(id);
            RosterEntry now = after.get(id);
            boolean nowHeld = now != null && !released(now.status());
            if (was != null && was.releaseInferred()) {
                if (nowHeld) {
                    events.add(out(retraction(was, context)));
                    next.put(id, now);
                    changed = true;
                } else if (now != null) {
                    next.put(id, now.released(was.releasedIn(), was.releasedAt(), false));
                } else if (was.releasedAt().isAfter(context.fetchedAt().minus(REMEMBERED))) {
                    next.put(id, was.gone() ? was : was.released(was.releasedIn(), was.releasedAt(), true));
                }
                continue;
            }
            boolean wasHeld = was != null && !was.gone() && !released(was.status());
            if (wasHeld && !nowHeld) {
                RosterEntry person = now != null ? now : was;
                changed = true;
                if (person.country() == null) {
                    unresolved.add(new ListStatus.Unresolved(context.fetchedAt(), "RELEASED", id, person.name(), List.of()));
                    if (now != null) {
                        next.put(id, now);
                    }
                } else {
                    events.add(out(release(person, context)));
                    next.put(id, person.released(context.version(), context.occurredAt(), now == null));
                }
            } else if (now != null) {
                next.put(id, now);
            }
        }
        return new ListSource.Version<>(next, events, unresolved, changed);
    }

    private ReleaseEvent release(RosterEntry person, ListSource.Context context) {
        return new ReleaseEvent(eventId(person.id(), context.version()), context.occurredAt(), person.country(),
                new Person(personId(person.id()), person.name(), List.of()), List.of(), null, null, source, false, null, true);
    }

    private ReleaseEvent retraction(RosterEntry was, ListSource.Context context) {
        return new ReleaseEvent(eventId(was.id(), was.releasedIn()), was.releasedAt(), was.country(),
                new Person(personId(was.id()), was.name(), List.of()), List.of(), null, null, source, true,
                "back on the roster " + roster + " as held in its version " + context.version(), true);
    }

    private ListSource.Out out(ReleaseEvent e) {
        return new ListSource.Out(releasesTopic, e.person().id(), e.eventId(), e.retracted() ? "RETRACTED" : "RELEASED",
                Json.bytes(e));
    }

    String personId(String id) {
        return roster + ":" + id;
    }

    String eventId(String id, long version) {
        return roster + ":" + id + ":" + version;
    }

    private static String normal(String status) {
        return status.strip().toLowerCase(Locale.ROOT);
    }
}

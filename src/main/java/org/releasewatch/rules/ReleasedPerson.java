package org.releasewatch.rules;

import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.Source;

import java.util.ArrayList;
import java.util.List;

/**
 * A person released from a country on one UTC day, as {@link CountryReleases} keeps them: where they went, their
 * first {@link PersonSighting#MAX_EVENT_IDS} reports (each with its time, agreement and source, which LINKED_RELIEF
 * links by), {@link PersonSighting#MAX_SOURCES} sources, and how many reports more there were. MASS_RELEASE reads it
 * as a {@link PersonSighting}; a report beyond the first ten is counted in {@code moreReports} only, so it neither
 * links the person to a relief by its own time nor can be withdrawn by id.
 */
record ReleasedPerson(String personId, String destination, List<Report> reports, List<Source> sources, int moreReports) {

    /** One report kept: its event id, occurredAt (epoch millis), agreement id and source. */
    record Report(String eventId, long at, String agreement, Source source) {
    }

    ReleasedPerson {
        reports = List.copyOf(reports);
        sources = List.copyOf(sources);
    }

    static ReleasedPerson first(ReleaseEvent release) {
        PersonSighting s = PersonSighting.first(release.transferredTo(), release.eventId(), release.source());
        return new ReleasedPerson(release.person().id(), s.destination(), List.of(report(release)), s.sources(), 0);
    }

    private static Report report(ReleaseEvent release) {
        return new Report(release.eventId(), release.occurredAt().toEpochMilli(), release.agreement(), release.source());
    }

    /** What MASS_RELEASE knows of the person: destination, the kept event ids and sources, and how many more. */
    PersonSighting sighting() {
        return new PersonSighting(destination, reports.stream().map(Report::eventId).toList(), sources, moreReports);
    }

    /** Reported again (another source, or redelivered): the same person if nothing is new. */
    ReleasedPerson reportedAgain(ReleaseEvent release) {
        PersonSighting before = sighting();
        PersonSighting after = before.reportedAgain(release.eventId(), release.source());
        if (after.equals(before)) {
            return this;
        }
        List<Report> kept = reports;
        if (after.eventIds().size() > reports.size()) {
            kept = new ArrayList<>(reports);
            kept.add(report(release));
        }
        return new ReleasedPerson(personId, destination, kept, after.sources(), after.moreEventIds());
    }

    /** Without the report {@code eventId} (withdrawn), or null when no report of the person is left. */
    ReleasedPerson withdrawn(String eventId) {
        List<Report> rest = reports.stream().filter(r -> !r.eventId().equals(eventId)).toList();
        return rest.isEmpty() && moreReports == 0 ? null : new ReleasedPerson(personId, destination, rest, sources, moreReports);
    }

    boolean keeps(String eventId) {
        return reports.stream().anyMatch(r -> r.eventId().equals(eventId));
    }
}

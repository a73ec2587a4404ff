package org.releasewatch.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.releasewatch.config.RulesConfig;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.Severity;
import org.releasewatch.model.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * MASS_RELEASE: distinct persons released from one country in a tumbling window aligned to UTC
 * midnight (windows start at multiples of the window size since the epoch). Each threshold fires once,
 * the moment the count reaches it. A release later than the grace (its window ended more than the
 * grace before the latest release this task has seen) is not counted — metric
 * {@code releasewatch.releases.late.not.counted} and a DEBUG line — but still drives the other rules.
 *
 * <p>"Late" is judged by the {@link ReleaseClock}, not the task's stream time, which sanctions move too.
 * After a restart the clock starts again with the first release; the stores still keep only their
 * retention behind the newest window they hold.
 *
 * <p>State, both window stores keyed per window and retained for window + grace:
 * {@link AlertTopology#MASS_RELEASE_STORE} (country → {@link DayTally}: count, byDestination, fired) and
 * {@link AlertTopology#MASS_RELEASE_PERSONS_STORE} ({@code country|personId} → {@link PersonSighting},
 * for distinctness and evidence). Each release costs two lookups and at most two writes.
 */
public final class MassReleaseRule implements Processor<String, ReleaseEvent, String, Alert> {

    private static final Logger LOG = LoggerFactory.getLogger(MassReleaseRule.class);

    private final RulesConfig rules;
    private final RuleMetrics metrics;
    private ProcessorContext<String, Alert> context;
    private WindowStore<String, DayTally> tallies;
    private WindowStore<String, PersonSighting> persons;
    private final ReleaseClock releaseClock = new ReleaseClock();

    MassReleaseRule(RulesConfig rules, RuleMetrics metrics) {
        this.rules = rules;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.tallies = context.getStateStore(AlertTopology.MASS_RELEASE_STORE);
        this.persons = context.getStateStore(AlertTopology.MASS_RELEASE_PERSONS_STORE);
    }

    /** Start of the window an instant belongs to. */
    static long windowStart(Instant at, long windowMillis) {
        return Math.floorDiv(at.toEpochMilli(), windowMillis) * windowMillis;
    }

    @Override
    public void process(Record<String, ReleaseEvent> record) {
        ReleaseEvent release = record.value();
        String country = record.key();
        long size = rules.massWindow().toMillis();
        long start = windowStart(release.occurredAt(), size);
        if (start + size + rules.massGrace().toMillis() <= releaseClock.advance(release.occurredAt())) {
            metrics.lateReleaseNotCounted(country);
            LOG.debug("Release {} of {} at {} is later than the grace of {}; not counted for MASS_RELEASE",
                    release.eventId(), country, release.occurredAt(), rules.massGrace());
            return;
        }
        String personKey = country + "|" + release.person().id();
        PersonSighting seen = persons.fetch(personKey, start);
        if (seen != null) {
            persons.put(personKey, seen.reportedAgain(release.eventId(), release.source()), start);
            return; // counted already: more evidence, no new count
        }
        persons.put(personKey, new PersonSighting(release.transferredTo(), List.of(release.eventId()),
                release.source() == null ? List.of() : List.of(release.source())), start);
        DayTally before = tallies.fetch(country, start);
        DayTally tally = (before == null ? DayTally.EMPTY : before).plusPerson(release.transferredTo());
        Integer threshold = tally.thresholdReached(rules.massThresholds());
        if (threshold != null) {
            tally = tally.withFired(threshold);
            context.forward(record.withValue(alert(country, start, size, threshold, tally, release)));
        }
        tallies.put(country, tally, start);
    }

    private Alert alert(String country, long start, long size, int threshold, DayTally tally, ReleaseEvent trigger) {
        Instant windowStart = Instant.ofEpochMilli(start);
        Instant windowEnd = Instant.ofEpochMilli(start + size);
        List<String> eventIds = new ArrayList<>();
        List<Source> sources = new ArrayList<>();
        try (KeyValueIterator<Windowed<String>, PersonSighting> it =
                     persons.fetch(country + "|", country + "|\uffff", windowStart, windowStart)) {
            it.forEachRemaining(kv -> {
                eventIds.addAll(kv.value.eventIds());
                sources.addAll(kv.value.sources());
            });
        }
        boolean lowest = threshold == rules.massThresholds().get(0);
        ObjectNode details = Json.MAPPER.createObjectNode()
                .put("threshold", threshold)
                .put("count", tally.count())
                .put("windowStart", windowStart.toString())
                .put("windowEnd", windowEnd.toString());
        details.set("byDestination", Json.tree(tally.sortedByDestination()));
        String title = Wording.people(tally.count()) + " released in " + Wording.country(country) + " on "
                + Wording.day(windowStart) + " (" + Wording.destinations(tally.byDestination()) + ")";
        return new Alert(Alert.SCHEMA, AlertIds.of(AlertRule.MASS_RELEASE, country, windowStart.toString(), String.valueOf(threshold)),
                AlertRule.MASS_RELEASE, lowest ? Severity.WARNING : Severity.CRITICAL, country, title,
                trigger.occurredAt(), null, Evidences.merge(eventIds, sources), details);
    }

    /**
     * The day's running figures for the query API, read from the rule's own store (no copy): distinct
     * persons released from {@code country} in the window starting at {@code windowStart}.
     */
    public static DayTally daySummary(ReadOnlyWindowStore<String, DayTally> store, String country, Instant windowStart) {
        try (WindowStoreIterator<DayTally> it = store.fetch(country, windowStart, windowStart)) {
            DayTally found = DayTally.EMPTY;
            while (it.hasNext()) {
                KeyValue<Long, DayTally> kv = it.next();
                found = kv.value;
            }
            return found;
        }
    }
}

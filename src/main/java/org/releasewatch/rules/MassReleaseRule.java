package org.releasewatch.rules;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.releasewatch.config.HistoryConfig;
import org.releasewatch.config.RulesConfig;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.Severity;
import org.releasewatch.model.Source;
import org.releasewatch.model.details.MassReleaseDetails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * MASS_RELEASE: distinct persons released from one country in a tumbling window aligned to UTC
 * midnight (windows start at multiples of the window size since the epoch). Each threshold fires once,
 * the moment the count reaches it, so an alert's {@code count} is its threshold.
 *
 * <p>Late: a release whose window ended a grace or more before its country's {@link RuleClock} is not counted —
 * metric {@code releasewatch.releases.late.not.counted} and a DEBUG line — but still drives the other
 * rules. A window's state expires by the same test, so every release the rule counts is remembered
 * (for distinctness and evidence) as long as its window can still change.
 *
 * <p>State: {@link AlertTopology#MASS_RELEASE_STORE}, keyed by (window start, country) so that expiry is one range at
 * the front → {@link DayTally} (count, byDestination, fired); and the country's releases of the day in
 * {@link CountryReleases}, which this rule writes for LINKED_RELIEF too (it is the first rule of the task to see a
 * release), also a release too late to count here that a relief may still link. Each release costs a lookup and a
 * write of each.
 */
public final class MassReleaseRule implements Processor<String, ReleaseEvent, String, Alert> {

    private static final Logger LOG = LoggerFactory.getLogger(MassReleaseRule.class);

    private final RulesConfig rules;
    private final HistoryConfig historyConfig;
    private final RuleMetrics metrics;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<Bytes, DayTally> tallies;
    private CountryReleases persons;
    private KeyValueStore<Bytes, DayTally> history;
    private LateDays lateDays;
    private KeyValueStore<String, ThreadLog> threads;
    private RuleClock clock;
    private Purge purge;

    MassReleaseRule(RulesConfig rules, HistoryConfig history, RuleMetrics metrics) {
        this.rules = rules;
        this.historyConfig = history;
        this.metrics = metrics;
    }

    /** The rule's unit: releases by country in, its stores declared with its processor. */
    static RuleUnit<ReleaseEvent> unit(RuleSetup setup) {
        RuleStores stores = setup.stores();
        return new RuleUnit<>(AlertRule.MASS_RELEASE, RuleInputs::releases, StoredSupplier.of(
                () -> new MassReleaseRule(setup.rules(), setup.history(), setup.metrics()),
                // the tally is the one store updated by every release with few distinct keys: cached, so a commit
                // writes each country's tally once to RocksDB and the changelog instead of once per release; the
                // day history is written with it, so cached the same way
                List.of(stores.cached(AlertTopology.MASS_RELEASE_STORE, Serdes.Bytes(), new DayTallySerde()),
                        stores.countryReleases(),
                        stores.cached(AlertTopology.DAY_HISTORY_STORE, Serdes.Bytes(), new DayTallySerde()),
                        stores.keyValue(AlertTopology.LATE_PERSONS_STORE, Serdes.Bytes(), Serdes.ByteArray()),
                        stores.threads(), stores.clock())));
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.tallies = context.getStateStore(AlertTopology.MASS_RELEASE_STORE);
        this.persons = new CountryReleases(context.getStateStore(AlertTopology.COUNTRY_RELEASES_STORE),
                rules.massWindow().toMillis(), releasesKeptFor(rules));
        this.history = context.getStateStore(AlertTopology.DAY_HISTORY_STORE);
        this.lateDays = new LateDays(history, context.getStateStore(AlertTopology.LATE_PERSONS_STORE), historyConfig.retention());
        this.threads = context.getStateStore(AlertTopology.THREADS_STORE);
        this.clock = RuleClock.ofCountries(context);
        this.purge = Purge.every(context, "mass-release", this::purgeExpired);
    }

    /** Start of the window an instant belongs to. */
    static long windowStart(Instant at, long windowMillis) {
        return Math.floorDiv(at.toEpochMilli(), windowMillis) * windowMillis;
    }

    /** How long after its start a window's state is kept: the window and the grace. */
    private long retention() {
        return rules.massWindow().toMillis() + rules.lateness().toMillis();
    }

    /**
     * How long the country's releases are kept behind its clock: as long as a relief still accepted may link them (a
     * link window before the relief, which may itself be a link window and the lateness behind the clock).
     */
    static long releasesKeptFor(RulesConfig rules) {
        // and at least as long as this rule counts the day, so a person it counts is always found again
        return Math.max(2 * rules.linkWindow().toMillis(), rules.massWindow().toMillis()) + rules.lateness().toMillis();
    }

    static Bytes tallyKey(long windowStart, String country) {
        return StateKey.of().time(windowStart).text(country).bytes();
    }

    @Override
    public void process(Record<String, ReleaseEvent> record) {
        ReleaseEvent release = record.value();
        String country = record.key();
        long size = rules.massWindow().toMillis();
        long start = windowStart(release.occurredAt(), size);
        if (release.retracted()) {
            withdraw(country, start, record);
            return;
        }
        // MASS_RELEASE is the first of the task's rules to see a release (AlertTopology composes the rules in
        // AlertRule's order), so the country's clock still shows its value before this release; the final count
        // test of MassReleaseRuleTest fails if that changes
        long clockBefore = clock.now(country);
        long now = clock.advance(country, release.occurredAt());
        if (now != clockBefore && clockBefore != RuleClock.NEVER) {
            closeDays(country, clockBefore, now, record);
        }
        ReleasedPerson known = persons.tooOld(release.occurredAt().toEpochMilli(), now) ? null
                : persons.report(country, release);
        if (RuleClock.expired(start, retention(), now)) {
            metrics.lateReleaseNotCounted(country);
            LOG.debug("Release {} of {} at {} is later than the grace of {}; not counted for MASS_RELEASE",
                    release.eventId(), country, release.occurredAt(), rules.lateness());
            lateDays.reported(country, start, release, now);
            return;
        }
        if (known != null) {
            PersonSighting seen = known.sighting();
            PersonSighting more = seen.reportedAgain(release.eventId(), release.source());
            if (!more.equals(seen)) {
                if (seen.sourceNames() < 2 && more.sourceNames() >= 2) {
                    Bytes tallyKey = tallyKey(start, country);
                    DayTally tally = tallies.get(tallyKey).plusCorroborated();
                    tallies.put(tallyKey, tally);
                    history.put(historyKey(country, start), tally);
                }
            }
            return; // counted already: more evidence, no new count
        }
        purge.written();
        Bytes tallyKey = tallyKey(start, country);
        DayTally before = tallies.get(tallyKey);
        DayTally tally = (before == null ? DayTally.EMPTY : before).plusPerson(release.transferredTo());
        Integer threshold = tally.thresholdReached(rules.massThresholds());
        if (threshold != null) {
            tally = tally.withFired(threshold);
            Alert alert = alert(country, start, size, threshold, tally, release.occurredAt());
            int lowest = rules.massThresholds().get(0);
            String thread = MassReleaseThread.thread(alert, lowest);
            ThreadLog log = threads.get(thread);
            if (log != null && log.has(MassReleaseThread.announced(thread, threshold, lowest))) {
                alert = MassReleaseThread.reachedAgain(alert, thread, log, threshold, tally, release.eventId());
            } else if (tally.fired().size() > 1) {
                alert = MassReleaseThread.thresholdUpdate(alert, tally, log);
            }
            context.forward(record.withValue(alert));
        }
        tallies.put(tallyKey, tally);
        history.put(historyKey(country, start), tally);
    }

    /**
     * The days of {@code country} that closed as its clock moved from {@code before} to {@code now}: each whose count
     * grew since its last message gets the thread's final count (contract v1.2, "Alerts that evolve", step 1). Their
     * tallies are still in the store: the purge frees a window only once the clock has passed it, and the clock
     * passes it here.
     */
    private void closeDays(String country, long before, long now, Record<String, ReleaseEvent> record) {
        long size = rules.massWindow().toMillis();
        long from = before - retention() + 1;
        long to = now - retention();
        // windows start on multiples of the size: none closes unless one starts in [from, to], and the tallies are keyed
        // by time first (every country's), so the range is opened only then, not on every move of the clock
        long firstStart = Math.floorDiv(from + size - 1, size) * size;
        if (to < from || firstStart > to) {
            return;
        }
        try (KeyValueIterator<Bytes, DayTally> it = tallies.range(StateKey.of().time(firstStart).bytes(),
                StateKey.of().time(to + 1).bytes())) {
            while (it.hasNext()) {
                KeyValue<Bytes, DayTally> kv = it.next();
                StateKey.Reader key = StateKey.read(kv.key);
                long start = key.time();
                DayTally tally = kv.value;
                if (!key.text().equals(country) || start < from || start > to || tally.fired().isEmpty()
                        || tally.count() <= tally.fired().get(tally.fired().size() - 1)) {
                    continue;
                }
                int highest = tally.fired().get(tally.fired().size() - 1);
                Alert last = alert(country, start, size, highest, tally, record.value().occurredAt());
                context.forward(record.withValue(MassReleaseThread.finalCount(last, tally,
                        threads.get(MassReleaseThread.thread(last, tally)))));
            }
        }
    }

    /**
     * A retraction of a report counted in the open window starting at {@code start}: the report goes from its person's
     * sighting, and a person with no report left goes from the count (contract v1.2, "Alerts that evolve", step 4);
     * the fired threshold the count is now below gets a {@code cancel}. A window that has closed keeps its count and
     * history. A retraction does not move the country's clock. Reports of a person beyond the first
     * {@link PersonSighting#MAX_EVENT_IDS} are not kept by id, so their retractions find nothing to withdraw.
     */
    private void withdraw(String country, long start, Record<String, ReleaseEvent> record) {
        ReleaseEvent retraction = record.value();
        long now = clock.now(country);
        if (persons.tooOld(retraction.occurredAt().toEpochMilli(), now)) {
            return;
        }
        // withdrawn from the country's releases even when its day no longer counts: LINKED_RELIEF still links them
        ReleasedPerson before = persons.withdraw(country, retraction);
        if (before == null || RuleClock.expired(start, retention(), now)) {
            return; // not come (the gate keeps the retraction for it), not kept by id, or its day has closed
        }
        PersonSighting seen = before.sighting();
        if (seen.withdrawn(retraction.eventId()) != null) {
            return; // still reported: still counted
        }
        Bytes tallyKey = tallyKey(start, country);
        DayTally tally = tallies.get(tallyKey).minusPerson(seen.destination(), seen.sourceNames() >= 2);
        Integer fallen = tally.thresholdFallen();
        if (fallen != null) {
            tally = tally.withoutFired(fallen);
            Alert alert = alert(country, start, rules.massWindow().toMillis(), fallen, tally, retraction.occurredAt());
            String thread = MassReleaseThread.thread(alert, rules.massThresholds().get(0));
            ThreadLog log = threads.get(thread);
            if (log != null) {
                context.forward(record.withValue(MassReleaseThread.cancel(alert, thread, log, fallen, tally, retraction)));
            }
        }
        tallies.put(tallyKey, tally);
        history.put(historyKey(country, start), tally);
    }

    /** History keys lead with the country, so that each country's expired days are one range at its front. */
    static Bytes historyKey(String country, long windowStart) {
        return StateKey.of().text(country).time(windowStart).bytes();
    }

    /**
     * Drops the windows that can no longer change, each by its own country's clock: the keys start with the window,
     * so the scan ends where the latest country's expired windows end, and keeps the windows of countries whose
     * clocks lag.
     */
    private void purgeExpired() {
        Map<String, Long> clocks = clock.all();
        if (clocks.isEmpty()) {
            return;
        }
        long latest = clocks.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        // the bare time prefix is never a key itself
        Bytes upTo = StateKey.of().time(latest - retention() + 1).bytes();
        Bytes from = StateKey.of().time(Long.MIN_VALUE).bytes();
        persons.purgeExpired(purge, clocks);
        purge.rangeWhere(tallies, from, upTo, (key, tally) -> expired(key, clocks));
        long kept = historyConfig.retention().toMillis();
        purge.perLeadingText(history, country -> {
            Long now = clocks.get(country);
            return now == null ? Long.MIN_VALUE : now - kept + 1;
        }, (country, deleted) -> { });
        lateDays.purgeExpired(purge, clocks);
    }

    /** Whether the window of a key (window start, country, …) has expired by its country's clock. */
    private boolean expired(Bytes key, Map<String, Long> clocks) {
        StateKey.Reader reader = StateKey.read(key);
        long start = reader.time();
        return RuleClock.expired(start, retention(), clocks.getOrDefault(reader.text(), RuleClock.NEVER));
    }

    private Alert alert(String country, long start, long size, int threshold, DayTally tally, Instant trigger) {
        Instant windowStart = Instant.ofEpochMilli(start);
        Instant windowEnd = Instant.ofEpochMilli(start + size);
        // every counted person named by their first report first, then the further reports: the evidence is
        // capped, and each of the count persons must stay in it
        List<String> firstIds = new ArrayList<>();
        List<String> moreIds = new ArrayList<>();
        List<Source> sources = new ArrayList<>();
        int omitted = 0;
        for (ReleasedPerson released : persons.ofDay(country, start)) {
            PersonSighting person = released.sighting();
            if (!person.eventIds().isEmpty()) { // empty: every kept report withdrawn, the rest not kept by id
                firstIds.add(person.eventIds().get(0));
                moreIds.addAll(person.eventIds().subList(1, person.eventIds().size()));
            }
            sources.addAll(person.sources());
            omitted += person.moreEventIds();
        }
        firstIds.addAll(moreIds);
        boolean lowest = threshold == rules.massThresholds().get(0);
        MassReleaseDetails details = new MassReleaseDetails(threshold, tally.count(), windowStart, windowEnd,
                tally.sortedByDestination(), tally.corroborated());
        String title = Wording.people(tally.count()) + " released in " + Wording.country(country) + " on "
                + Wording.day(windowStart) + " (" + Wording.destinations(tally.byDestination()) + ")";
        return new Alert(Alert.SCHEMA, AlertIds.of(AlertRule.MASS_RELEASE, country, windowStart.toString(), String.valueOf(threshold)),
                AlertRule.MASS_RELEASE, lowest ? Severity.WARNING : Severity.CRITICAL, country, title,
                trigger, null, Evidences.merge(firstIds, sources, omitted), details.json());
    }

    /** What the rules know of a country's window: its figures, or that it is older than the history keeps. */
    public record DayAnswer(DayTally tally, boolean gone) {
    }

    /**
     * A country's window for the query API: the rules' running tally while they hold it, else the day history; or
     * {@code gone} when the window is older than the history keeps behind the country's clock ({@code countryClock},
     * {@link RuleClock#NEVER} before its first release).
     */
    public static DayAnswer day(ReadOnlyKeyValueStore<Bytes, DayTally> tallies, ReadOnlyKeyValueStore<Bytes, DayTally> history,
                                long countryClock, Duration retention, String country, Instant windowStart) {
        // the history is written with the tally, and also holds what came after the day closed
        DayTally kept = history.get(historyKey(country, windowStart.toEpochMilli()));
        if (kept != null) {
            return new DayAnswer(kept, false);
        }
        DayTally running = tallies.get(tallyKey(windowStart.toEpochMilli(), country));
        if (running != null) {
            return new DayAnswer(running, false);
        }
        return new DayAnswer(DayTally.EMPTY, RuleClock.expired(windowStart.toEpochMilli(), retention.toMillis(), countryClock));
    }

    /**
     * The day's running figures for the query API, read from the rule's own store (no copy): distinct
     * persons released from {@code country} in the window starting at {@code windowStart}.
     */
    public static DayTally daySummary(ReadOnlyKeyValueStore<Bytes, DayTally> store, String country, Instant windowStart) {
        DayTally found = store.get(tallyKey(windowStart.toEpochMilli(), country));
        return found == null ? DayTally.EMPTY : found;
    }

    /** Distinct persons released per country and window, for windows starting in [from, to]. */
    public static Map<String, Map<Instant, Integer>> countsByWindow(ReadOnlyKeyValueStore<Bytes, DayTally> store,
                                                                    Instant from, Instant to) {
        Map<String, Map<Instant, Integer>> out = new TreeMap<>();
        try (KeyValueIterator<Bytes, DayTally> it = store.range(StateKey.of().time(from.toEpochMilli()).bytes(),
                StateKey.of().time(to.toEpochMilli() + 1).bytes())) {
            while (it.hasNext()) {
                KeyValue<Bytes, DayTally> kv = it.next();
                StateKey.Reader key = StateKey.read(kv.key);
                Instant start = Instant.ofEpochMilli(key.time());
                out.computeIfAbsent(key.text(), c -> new TreeMap<>()).put(start, kv.value.count());
            }
        }
        return out;
    }
}

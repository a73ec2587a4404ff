package org.releasewatch.rules;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.releasewatch.config.RulesConfig;
import org.releasewatch.json.JsonSerde;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.EventCodec;
import org.releasewatch.model.MsgType;
import org.releasewatch.model.Priority;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.Severity;
import org.releasewatch.model.WatchlistEntry;
import org.releasewatch.model.details.WatchlistReleaseDetails;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * WATCHLIST_RELEASE: a release of a person on the watchlist, {@code critical} for priority high, else
 * {@code warning}; one alert per person and UTC day of the release.
 *
 * <p>Releases (re-keyed by person id) and the watchlist (keyed by person id) meet here, in either
 * order: a release of a watched person fires at once; a person <em>added</em> to the watchlist fires for
 * their releases still kept — those within the grace behind the person's {@link RuleClock} (their latest release) —
 * so a monitor who adds someone as the news breaks does not miss a report ingested a moment earlier. A release
 * the grace or more older than its person's latest is late: neither kept nor alerted, watched or not, so that a
 * redelivery is never a new fact. A change of priority
 * applies to later releases; a removed person raises nothing.
 *
 * <p>State: {@link AlertTopology#WATCHLIST_STORE} (person id → entry) and
 * {@link AlertTopology#WATCHLIST_RECENT_RELEASES_STORE} ((person id, time, event id) → release), expired by the
 * clock and purged by a wall-clock punctuation, which also trims a person's releases of one UTC day to the first
 * {@link #MAX_KEPT_PER_DAY}. A release is written without a look at what the store holds of its person, so on the
 * hot path it costs one write here and no RocksDB range seek.
 */
final class WatchlistReleaseRule implements Processor<String, PersonEvent, String, Alert> {

    /**
     * Releases of one person and UTC day kept for a later watchlist entry: the same release is rarely reported more
     * often, and only the first of a day raises its alert.
     */
    static final int MAX_KEPT_PER_DAY = 20;
    private static final long DAY_MILLIS = 86_400_000L;

    private final RulesConfig rules;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, WatchlistEntry> watchlist;
    private KeyValueStore<Bytes, byte[]> recent;
    private KeyValueStore<String, ThreadLog> threads;
    private RuleClock clock;
    private Purge purge;
    /** Whether a person's clock moved since the last scan started (after a restart: unknown, so yes). */
    private boolean moved = true;
    private Trim trim;

    WatchlistReleaseRule(RulesConfig rules) {
        this.rules = rules;
    }

    /** The rule's unit: releases and watchlist changes by person in, its stores declared with its processor. */
    static RuleUnit<PersonEvent> unit(RuleSetup setup) {
        RuleStores stores = setup.stores();
        return new RuleUnit<>(AlertRule.WATCHLIST_RELEASE, RuleInputs::persons, StoredSupplier.of(
                () -> new WatchlistReleaseRule(setup.rules()),
                List.of(stores.keyValue(AlertTopology.WATCHLIST_STORE, Serdes.String(), JsonSerde.of(WatchlistEntry.class)),
                        // values as EventCodec writes them, decoded only when a person is added: the purge's scan
                        // reads keys alone
                        stores.keyValue(AlertTopology.WATCHLIST_RECENT_RELEASES_STORE, Serdes.Bytes(), Serdes.ByteArray()),
                        stores.threads(), stores.clock())));
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.watchlist = context.getStateStore(AlertTopology.WATCHLIST_STORE);
        this.recent = context.getStateStore(AlertTopology.WATCHLIST_RECENT_RELEASES_STORE);
        this.threads = context.getStateStore(AlertTopology.THREADS_STORE);
        this.clock = RuleClock.ofPersons(context);
        this.purge = Purge.every(context, "watchlist-release", this::purgeExpired);
    }

    private long retention() {
        return rules.lateness().toMillis();
    }

    @Override
    public void process(Record<String, PersonEvent> record) {
        String personId = record.key();
        PersonEvent event = record.value();
        if (event.release() != null && event.release().retracted()) {
            withdraw(personId, event.release(), record.headers());
        } else if (event.release() != null) {
            ReleaseEvent release = event.release();
            long now = clock.advance(personId, release.occurredAt());
            moved = true;
            if (RuleClock.expired(release.occurredAt().toEpochMilli(), retention(), now)) {
                // late for its person: neither kept nor alerted, so that a redelivery after the person was added
                // (which finds it late again) is no new fact
                return;
            }
            WatchlistEntry watched = watchlist.get(personId);
            if (watched == null) {
                keep(personId, release, false);
                return;
            }
            long at = release.occurredAt().toEpochMilli();
            Set<String> before = sourcesOfTheDay(personId, at, now);
            ReleaseEvent first = before.isEmpty() ? null : firstOfTheDay(personId, at, now);
            if (!keep(personId, release, true)) {
                return; // a redelivery: no new fact
            }
            Set<String> after = new TreeSet<>(before);
            after.add(sourceName(release));
            if (before.isEmpty()) {
                emit(release, watched, after.size(), record.headers());
            } else if (before.size() == 1 && after.size() == 2) {
                // the day's alert was single-source; a second source confirms it
                Alert alert = alert(first, watched, 1);
                ThreadLog log = threads.get(alert.id());
                Alert update = log == null ? Corroboration.update(alert, release, watched)
                        : Corroboration.update(alert, release, log.has(MessageIds.of(alert.id(), "corroborated"))
                        ? "corroborated:" + release.eventId() : "corroborated", log.messages());
                if (log == null || !log.withdrawn()) {
                    context.forward(new Record<>(release.country(), update, release.occurredAt().toEpochMilli(), record.headers()));
                }
            }
        } else if (event.entry() == null) {
            watchlist.delete(personId);
        } else {
            WatchlistEntry before = watchlist.get(personId);
            watchlist.put(personId, event.entry());
            if (before == null) {
                for (ReleaseEvent release : recentReleases(personId)) {
                    long at = release.occurredAt().toEpochMilli();
                    emit(release, event.entry(), sourcesOfTheDay(personId, at, clock.now(personId)).size(), new RecordHeaders());
                }
            }
        }
    }

    /**
     * Keeps {@code release} for a later watchlist entry; with {@code seen}, first looks whether it was kept already
     * and says false if so (a redelivery). Only a watched person's release needs that read: the others cost one write.
     */
    private boolean keep(String personId, ReleaseEvent release, boolean seen) {
        Bytes key = StateKey.of().text(personId).time(release.occurredAt().toEpochMilli()).text(release.eventId()).bytes();
        if (seen && recent.get(key) != null) {
            return false;
        }
        recent.put(key, EventCodec.write(release));
        purge.written();
        return true;
    }

    private static String sourceName(ReleaseEvent release) {
        return release.source() == null || release.source().name() == null ? "" : release.source().name();
    }

    /** The distinct source names of the person's kept releases on the UTC day of {@code at} (within the grace). */
    private Set<String> sourcesOfTheDay(String personId, long at, long now) {
        Set<String> names = new TreeSet<>();
        forTheDay(personId, at, now, release -> {
            names.add(sourceName(release));
            return true;
        });
        return names;
    }

    /** The person's first kept release, by time, on the UTC day of {@code at}. */
    private ReleaseEvent firstOfTheDay(String personId, long at, long now) {
        ReleaseEvent[] first = new ReleaseEvent[1];
        forTheDay(personId, at, now, release -> {
            first[0] = release;
            return false;
        });
        return first[0];
    }

    private void forTheDay(String personId, long at, long now, java.util.function.Predicate<ReleaseEvent> more) {
        long dayStart = day(at) * DAY_MILLIS;
        try (KeyValueIterator<Bytes, byte[]> it = recent.range(StateKey.of().text(personId).time(dayStart).bytes(),
                StateKey.of().text(personId).time(dayStart + DAY_MILLIS).bytes())) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                StateKey.Reader key = StateKey.read(kv.key);
                key.text();
                long time = key.time();
                if (day(time) == day(at) && !RuleClock.expired(time, retention(), now) && !more.test(EventCodec.readRelease(kv.value))) {
                    return;
                }
            }
        }
    }

    /**
     * The person's first release within the grace on each UTC day, by time: the one a watched person's alert of
     * that day is raised for (the alert is one per person and day, so a later one of the day would be dropped).
     */
    private List<ReleaseEvent> recentReleases(String personId) {
        long now = clock.now(personId);
        List<ReleaseEvent> out = new ArrayList<>();
        long lastDay = Long.MIN_VALUE;
        Bytes prefix = StateKey.of().text(personId).bytes();
        try (KeyValueIterator<Bytes, byte[]> it = recent.range(prefix, StateKey.after(prefix))) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                StateKey.Reader key = StateKey.read(kv.key);
                key.text();
                long at = key.time();
                if (!RuleClock.expired(at, retention(), now) && day(at) != lastDay) {
                    lastDay = day(at);
                    out.add(EventCodec.readRelease(kv.value));
                }
            }
        }
        return out;
    }

    private static long day(long epochMillis) {
        return Math.floorDiv(epochMillis, DAY_MILLIS);
    }

    /**
     * A scan of every kept release, started again only after a release has moved a person's clock (or after a
     * restart), each step bounded. It deletes the releases expired by their person's clock, and a person's releases of
     * a day beyond the first {@link #MAX_KEPT_PER_DAY} unexpired.
     */
    private void purgeExpired() {
        if (!purge.scanning(recent)) {
            if (!moved) {
                return;
            }
            moved = false;
            trim = new Trim(person -> {
                long now = clock.now(person);
                return now == RuleClock.NEVER ? Long.MIN_VALUE : now - retention() + 1;
            });
        }
        purge.scanLeadingTextThenTime(recent, trim);
    }

    /**
     * Over keys in order, (person id, time, …): whether each has expired by its person's clock or is beyond its person
     * and day's first kept.
     */
    static final class Trim implements Purge.TextThenTime {
        private final java.util.function.ToLongFunction<String> timeBeforeOf;
        private String person;
        private long timeBefore;
        private long day = Long.MIN_VALUE;
        private int kept;

        Trim(java.util.function.ToLongFunction<String> timeBeforeOf) {
            this.timeBeforeOf = timeBeforeOf;
        }

        @Override
        public boolean gone(String text, long time) {
            if (!text.equals(person)) {
                person = text;
                timeBefore = timeBeforeOf.applyAsLong(text);
                day = Long.MIN_VALUE;
            }
            if (time < timeBefore) {
                return true;
            }
            if (day(time) != day) {
                day = day(time);
                kept = 0;
            }
            return ++kept > MAX_KEPT_PER_DAY;
        }
    }

    /**
     * The day's alert for {@code release}; or, when the day's thread was cancelled (every report of it withdrawn), the
     * update that revives it (step {@code revived:<eventId>}).
     */
    private void emit(ReleaseEvent release, WatchlistEntry watched, int sources, Headers headers) {
        Alert alert = alert(release, watched, sources);
        ThreadLog log = threads.get(alert.id());
        if (log != null && log.withdrawn()) {
            alert = alert.inThread(MsgType.UPDATE, MessageIds.of(alert.id(), "revived:" + release.eventId()), alert.id(),
                    log.messages(), "reported again" + (release.source() == null ? "" : " (" + release.source().name() + ")"));
        }
        context.forward(new Record<>(release.country(), alert, release.occurredAt().toEpochMilli(), headers));
    }

    /**
     * A retraction of a release of the person: the kept report goes, so it counts for nothing; if the person is
     * watched and the day's alert is on the topic, a day with no report left gets a {@code cancel} (step
     * {@code withdrawn:<eventId>}) and a corroborated day back to one source an {@code update} (step
     * {@code single-source:<eventId>}). A retraction does not move the person's clock: only reports do. Its report
     * must have the retraction's {@code occurredAt} (a retraction is the report sent again).
     */
    private void withdraw(String personId, ReleaseEvent retraction, Headers headers) {
        long at = retraction.occurredAt().toEpochMilli();
        Bytes key = StateKey.of().text(personId).time(at).text(retraction.eventId()).bytes();
        long now = clock.now(personId);
        byte[] kept = RuleClock.expired(at, retention(), now) ? null : recent.get(key);
        if (kept == null) {
            return; // not come (the gate keeps the retraction for it), or expired (whether purged yet or not)
        }
        Set<String> before = sourcesOfTheDay(personId, at, now);
        recent.delete(key);
        WatchlistEntry watched = watchlist.get(personId);
        if (watched == null) {
            return;
        }
        ReleaseEvent report = EventCodec.readRelease(kept);
        String thread = AlertIds.of(AlertRule.WATCHLIST_RELEASE, personId, Wording.utcDate(retraction.occurredAt()));
        ThreadLog log = threads.get(thread);
        if (log == null || log.withdrawn()) {
            return;
        }
        Set<String> after = sourcesOfTheDay(personId, at, now);
        Alert message;
        if (after.isEmpty()) {
            message = alert(report, watched, 1).inThread(MsgType.CANCEL, MessageIds.of(thread, Withdrawal.step(report.eventId())),
                    thread, log.messages(), Withdrawal.change("", retraction.retractionNote()));
        } else if (before.size() >= 2 && after.size() == 1) {
            message = Corroboration.backToOneSource(alert(firstOfTheDay(personId, at, now), watched, 1), retraction, log.messages());
        } else {
            return;
        }
        context.forward(new Record<>(report.country(), message, at, headers));
    }

    /** The day's first message for {@code release}, reported by {@code sources} distinct sources so far. */
    static Alert alert(ReleaseEvent release, WatchlistEntry watched, int sources) {
        String country = release.country();
        WatchlistReleaseDetails details = new WatchlistReleaseDetails(release.person(),
                watched.priority() == Priority.HIGH ? "high" : "normal", release.transferredTo(), release.charges(),
                watched.note(), release.agreement(), Corroboration.of(sources), release.inferred());
        String title = release.person().name() + " released from detention in " + Wording.country(country)
                + (release.transferredTo() == null ? "" : ", transferred to " + Wording.country(release.transferredTo()));
        return new Alert(Alert.SCHEMA,
                AlertIds.of(AlertRule.WATCHLIST_RELEASE, release.person().id(), Wording.utcDate(release.occurredAt())),
                AlertRule.WATCHLIST_RELEASE, watched.priority() == Priority.HIGH ? Severity.CRITICAL : Severity.WARNING,
                country, title, release.occurredAt(), null, Evidences.of(release.eventId(), release.source()), details.json());
    }
}

package org.releasewatch.rules;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.releasewatch.config.RulesConfig;
import org.releasewatch.json.JsonSerde;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
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
 * {@link AlertTopology#WATCHLIST_RECENT_RELEASES_STORE} ({@link KeptReleases}: person id → the person's releases within
 * the grace, the first {@link #MAX_KEPT_PER_DAY} of each UTC day and the first of each further source). A release rewrites its person's one value, and that
 * overwrite drops what the person's clock expired: one changelog record per release kept, no tombstone per release
 * expired, and no purge. Only a person's own release moves their clock, so whatever expired between two writes of
 * a person's value, a read (which checks the grace too) skips.
 */
final class WatchlistReleaseRule implements Processor<String, PersonEvent, String, Alert> {

    /**
     * Releases of one person and UTC day kept for a later watchlist entry: the same release is rarely reported more
     * often, and only the first of a day raises its alert.
     */
    static final int MAX_KEPT_PER_DAY = 20;

    private final RulesConfig rules;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, WatchlistEntry> watchlist;
    private KeptReleases releases;
    private KeyValueStore<String, ThreadLog> threads;
    private PersonClock clock;
    private Purge purge;

    WatchlistReleaseRule(RulesConfig rules) {
        this.rules = rules;
    }

    /** The rule's unit: releases and watchlist changes by person in, its stores declared with its processor. */
    static RuleUnit<PersonEvent> unit(RuleSetup setup) {
        RuleStores stores = setup.stores();
        return new RuleUnit<>(AlertRule.WATCHLIST_RELEASE, RuleInputs::persons, StoredSupplier.of(
                () -> new WatchlistReleaseRule(setup.rules()),
                List.of(stores.keyValue(AlertTopology.WATCHLIST_STORE, Serdes.String(), JsonSerde.of(WatchlistEntry.class)),
                        // a value per person (PersonReleases), and the releases kept apart from it (KeptReleases)
                        stores.watchlistReleases(),
                        stores.threads(), stores.clock())));
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.watchlist = context.getStateStore(AlertTopology.WATCHLIST_STORE);
        KeyValueStore<Bytes, byte[]> store = context.getStateStore(AlertTopology.WATCHLIST_RECENT_RELEASES_STORE);
        this.releases = new KeptReleases(store, retention(), MAX_KEPT_PER_DAY);
        this.threads = context.getStateStore(AlertTopology.THREADS_STORE);
        this.clock = PersonClock.of(context);
        // nothing expires apart from a write: the punctuation only gives the releases of the layout before their
        // person's value, once
        this.purge = Purge.every(context, "watchlist-release", () -> releases.migrate(purge, clock));
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
            // the person's clock, moved by this release; written with the person's value below
            long now = Math.max(clock.now(personId), release.occurredAt().toEpochMilli());
            if (RuleClock.expired(release.occurredAt().toEpochMilli(), retention(), now)) {
                // late for its person (so it did not move the clock): neither kept nor alerted, so that a redelivery
                // after the person was added (which finds it late again) is no new fact
                return;
            }
            WatchlistEntry watched = watchlist.get(personId);
            purge.written(); // the pass over the layout before keeps pace with the writes
            if (watched == null) {
                releases.keep(personId, release, now);
                return;
            }
            long at = release.occurredAt().toEpochMilli();
            PersonReleases kept = releases.of(personId, now);
            if (kept.find(at, release.eventId()) != null) {
                return; // a redelivery: no new fact
            }
            Set<String> before = sourcesOfTheDay(kept, at);
            ReleaseEvent first = before.isEmpty() ? null : firstOfTheDay(personId, kept, at);
            // kept unless beyond the day's first MAX_KEPT_PER_DAY and of a source the day has: a new fact either way
            releases.keep(personId, release, now);
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
                PersonReleases kept = releases.of(personId, clock.now(personId));
                for (PersonReleases.Entry first : firstOfEachDay(kept)) {
                    emit(releases.release(personId, first), event.entry(), sourcesOfTheDay(kept, first.at()).size(),
                            new RecordHeaders());
                }
            }
        }
    }

    private static String sourceName(ReleaseEvent release) {
        return PersonReleases.sourceName(release);
    }

    /** The distinct source names of {@code kept} on the UTC day of {@code at}. */
    private static Set<String> sourcesOfTheDay(PersonReleases kept, long at) {
        Set<String> names = new TreeSet<>();
        kept.ofTheDay(at).forEach(entry -> names.add(entry.source()));
        return names;
    }

    /** The first of {@code kept}, by time, on the UTC day of {@code at}. */
    private ReleaseEvent firstOfTheDay(String personId, PersonReleases kept, long at) {
        return releases.release(personId, kept.ofTheDay(at).get(0));
    }

    /**
     * The person's first release within the grace on each UTC day, by time: the one a watched person's alert of
     * that day is raised for (the alert is one per person and day, so a later one of the day would be dropped).
     */
    private List<PersonReleases.Entry> firstOfEachDay(PersonReleases kept) {
        List<PersonReleases.Entry> out = new ArrayList<>();
        long lastDay = Long.MIN_VALUE;
        for (PersonReleases.Entry entry : kept.entries()) {
            if (entry.day() != lastDay) {
                lastDay = entry.day();
                out.add(entry);
            }
        }
        return out;
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
        long now = clock.now(personId);
        PersonReleases kept = RuleClock.expired(at, retention(), now) ? PersonReleases.NONE : releases.of(personId, now);
        PersonReleases.Entry entry = kept.find(at, retraction.eventId());
        if (entry == null) {
            return; // not come (the gate keeps the retraction for it), or expired
        }
        Set<String> before = sourcesOfTheDay(kept, at);
        ReleaseEvent report = releases.release(personId, entry);
        PersonReleases left = kept.without(at, retraction.eventId());
        releases.remove(personId, kept, at, retraction.eventId(), now);
        WatchlistEntry watched = watchlist.get(personId);
        if (watched == null) {
            return;
        }
        String thread = AlertIds.of(AlertRule.WATCHLIST_RELEASE, personId, Wording.utcDate(retraction.occurredAt()));
        ThreadLog log = threads.get(thread);
        if (log == null || log.withdrawn()) {
            return;
        }
        Set<String> after = sourcesOfTheDay(left, at);
        Alert message;
        if (after.isEmpty()) {
            message = alert(report, watched, 1).inThread(MsgType.CANCEL, MessageIds.of(thread, Withdrawal.step(report.eventId())),
                    thread, log.messages(), Withdrawal.change("", retraction.retractionNote()));
        } else if (before.size() >= 2 && after.size() == 1) {
            message = Corroboration.backToOneSource(alert(firstOfTheDay(personId, left, at), watched, 1), retraction, log.messages());
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

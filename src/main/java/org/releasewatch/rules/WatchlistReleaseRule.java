package org.releasewatch.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.releasewatch.config.RulesConfig;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.EventCodec;
import org.releasewatch.model.Priority;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.Severity;
import org.releasewatch.model.WatchlistEntry;

import java.util.ArrayList;
import java.util.List;

/**
 * WATCHLIST_RELEASE: a release of a person on the watchlist, {@code critical} for priority high, else
 * {@code warning}; one alert per person and UTC day of the release.
 *
 * <p>Releases (re-keyed by person id) and the watchlist (keyed by person id) meet here, in either
 * order: a release of a watched person fires at once; a person <em>added</em> to the watchlist fires for
 * their releases still kept — those within the grace behind the {@link RuleClock} — so a monitor who adds
 * someone as the news breaks does not miss a report ingested a moment earlier. A change of priority
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
    private RuleClock clock;
    private Purge purge;
    private long purgedAt = RuleClock.NEVER;
    private Trim trim;

    WatchlistReleaseRule(RulesConfig rules) {
        this.rules = rules;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.watchlist = context.getStateStore(AlertTopology.WATCHLIST_STORE);
        this.recent = context.getStateStore(AlertTopology.WATCHLIST_RECENT_RELEASES_STORE);
        this.clock = RuleClock.ofReleasesByPerson(context);
        this.purge = Purge.every(context, "watchlist-release", this::purgeExpired);
    }

    private long retention() {
        return rules.lateness().toMillis();
    }

    @Override
    public void process(Record<String, PersonEvent> record) {
        String personId = record.key();
        PersonEvent event = record.value();
        if (event.release() != null) {
            ReleaseEvent release = event.release();
            long now = clock.advance(release.occurredAt());
            if (!RuleClock.expired(release.occurredAt().toEpochMilli(), retention(), now)) {
                keep(personId, release);
            }
            WatchlistEntry watched = watchlist.get(personId);
            if (watched != null) {
                emit(release, watched, record.headers());
            }
        } else if (event.entry() == null) {
            watchlist.delete(personId);
        } else {
            WatchlistEntry before = watchlist.get(personId);
            watchlist.put(personId, event.entry());
            if (before == null) {
                for (ReleaseEvent release : recentReleases(personId)) {
                    emit(release, event.entry(), new RecordHeaders());
                }
            }
        }
    }

    private void keep(String personId, ReleaseEvent release) {
        recent.put(StateKey.of().text(personId).time(release.occurredAt().toEpochMilli()).text(release.eventId()).bytes(),
                EventCodec.write(release));
        purge.written();
    }

    /**
     * The person's first release within the grace on each UTC day, by time: the one a watched person's alert of
     * that day is raised for (the alert is one per person and day, so a later one of the day would be dropped).
     */
    private List<ReleaseEvent> recentReleases(String personId) {
        long now = clock.now();
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
     * A scan of every kept release: at most one started per hour of the clock, each step bounded. It deletes the
     * expired releases, and a person's releases of a day beyond the first {@link #MAX_KEPT_PER_DAY} unexpired.
     */
    private void purgeExpired() {
        long now = clock.now();
        if (now == RuleClock.NEVER) {
            return;
        }
        if (!purge.scanning(recent)) {
            if (purgedAt != RuleClock.NEVER && now - purgedAt < 3_600_000L) {
                return;
            }
            purgedAt = now;
            trim = new Trim(now - retention() + 1);
        }
        purge.scanLeadingTextThenTime(recent, trim);
    }

    /** Over keys in order, (person id, time, …): whether each has expired or is beyond its person and day's first kept. */
    static final class Trim implements Purge.TextThenTime {
        private final long timeBefore;
        private String person;
        private long day = Long.MIN_VALUE;
        private int kept;

        Trim(long timeBefore) {
            this.timeBefore = timeBefore;
        }

        @Override
        public boolean gone(String text, long time) {
            if (time < timeBefore) {
                return true;
            }
            if (!text.equals(person) || day(time) != day) {
                person = text;
                day = day(time);
                kept = 0;
            }
            return ++kept > MAX_KEPT_PER_DAY;
        }
    }

    private void emit(ReleaseEvent release, WatchlistEntry watched, Headers headers) {
        context.forward(new Record<>(release.country(), alert(release, watched), release.occurredAt().toEpochMilli(), headers));
    }

    static Alert alert(ReleaseEvent release, WatchlistEntry watched) {
        String country = release.country();
        ObjectNode person = Json.MAPPER.createObjectNode()
                .put("id", release.person().id())
                .put("name", release.person().name());
        person.set("tags", Json.tree(release.person().tags()));
        ObjectNode details = Json.MAPPER.createObjectNode();
        details.set("person", person);
        details.put("priority", watched.priority() == Priority.HIGH ? "high" : "normal");
        details.put("transferredTo", release.transferredTo());
        details.set("charges", Json.tree(release.charges()));
        details.put("note", watched.note());
        details.put("agreement", release.agreement());
        String title = release.person().name() + " released from detention in " + Wording.country(country)
                + (release.transferredTo() == null ? "" : ", transferred to " + Wording.country(release.transferredTo()));
        return new Alert(Alert.SCHEMA,
                AlertIds.of(AlertRule.WATCHLIST_RELEASE, release.person().id(), Wording.utcDate(release.occurredAt())),
                AlertRule.WATCHLIST_RELEASE, watched.priority() == Priority.HIGH ? Severity.CRITICAL : Severity.WARNING,
                country, title, release.occurredAt(), null, Evidences.of(release.eventId(), release.source()), details);
    }
}

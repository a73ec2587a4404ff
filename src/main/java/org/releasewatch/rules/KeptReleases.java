package org.releasewatch.rules;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.releasewatch.model.EventCodec;
import org.releasewatch.model.ReleaseEvent;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link AlertTopology#WATCHLIST_RECENT_RELEASES_STORE} as {@link WatchlistReleaseRule} reads and writes it: per
 * person one {@link PersonReleases} under the key (person id), and under (person id, time, event id) the releases
 * it keeps {@linkplain PersonReleases.Entry#apart() apart}, as {@link EventCodec} writes them. Each write of a
 * person's value carries their clock ({@link PersonClock}), so a person's value stays, if only with the clock, when
 * their last release goes.
 *
 * <p>Before this layout every release had such a key of its own (and nothing under the person's key): those are
 * read as the person's apart releases. Until one pass of {@link #migrate} has gone over the whole store, which then
 * writes {@link #MIGRATED}, a person's value is completed with any such key not in it when the person is read
 * (one range read); after, a read is one lookup.
 */
final class KeptReleases {

    /** Written once no release of the layout before is left without its person's value: sorts before every key. */
    static final Bytes MIGRATED = Bytes.wrap(new byte[] {0});

    private final KeyValueStore<Bytes, byte[]> store;
    private final long retention;
    private final int perDay;
    private boolean migrated;

    KeptReleases(KeyValueStore<Bytes, byte[]> store, long retention, int perDay) {
        this.store = store;
        this.retention = retention;
        this.perDay = perDay;
        this.migrated = store.get(MIGRATED) != null;
    }

    /** The person's kept releases not expired by {@code now}, their clock. */
    PersonReleases of(String personId, long now) {
        return stored(personId, now).within(retention, now);
    }

    private PersonReleases stored(String personId, long now) {
        byte[] bytes = store.get(personKey(personId));
        PersonReleases value = bytes == null ? PersonReleases.NONE : PersonReleases.read(bytes);
        return migrated ? value : adopt(personId, value, now);
    }

    /** The release of {@code entry}, of {@code personId}: inline, or read from its own key. */
    ReleaseEvent release(String personId, PersonReleases.Entry entry) {
        if (!entry.apart()) {
            return EventCodec.readRelease(entry.release());
        }
        byte[] bytes = store.get(releaseKey(personId, entry.at(), entry.eventId()));
        if (bytes == null) {
            throw new IllegalStateException("release " + entry.eventId() + " of a watchlist person is listed but not kept");
        }
        return EventCodec.readRelease(bytes);
    }

    /**
     * Keeps {@code release} with the person's others, dropping the ones expired by {@code now} (the person's clock,
     * moved by this release) and those of its day beyond the first {@code perDay}. Says whether it is kept (not if it
     * was already, or is beyond the day's first); either way a clock it moved is written.
     */
    boolean keep(String personId, ReleaseEvent release, long now) {
        PersonReleases stored = stored(personId, now);
        PersonReleases before = stored.within(retention, now);
        long at = release.occurredAt().toEpochMilli();
        PersonReleases.Entry added = PersonReleases.entry(release);
        PersonReleases after = before.find(at, release.eventId()) != null ? before : before.with(added, perDay);
        PersonReleases.Entry kept = after == before ? null : after.find(at, release.eventId());
        if (kept == null) {
            if (now > stored.clock()) {
                write(personId, stored, before, now);
            }
            return false;
        }
        write(personId, stored, after, now);
        if (kept.apart()) {
            store.put(releaseKey(personId, at, release.eventId()), added.release());
        }
        return true;
    }

    /** Forgets the release of {@code at} and {@code eventId}, which {@link #of} listed; {@code now}: the clock. */
    void remove(String personId, PersonReleases current, long at, String eventId, long now) {
        write(personId, stored(personId, now), current.without(at, eventId), now);
    }

    /**
     * Writes the person's value {@code after} over {@code before} (what the store holds), with the clock at
     * {@code now}: one record, which also drops whatever expired; only the apart releases that go leave a tombstone
     * each. A value without releases keeps the clock: one record, where a tombstone and the clock apart would be two.
     */
    private void write(String personId, PersonReleases before, PersonReleases after, long now) {
        PersonReleases value = after.clocked(now);
        store.put(personKey(personId), value.isEmpty() && value.clock() == RuleClock.NEVER ? null : PersonReleases.write(value));
        for (PersonReleases.Entry gone : before.missingFrom(after)) {
            if (gone.apart()) {
                store.put(releaseKey(personId, gone.at(), gone.eventId()), null);
            }
        }
    }

    /** {@code value} with the person's releases of the layout before that it does not list yet, written. */
    private PersonReleases adopt(String personId, PersonReleases value, long now) {
        Bytes prefix = personKey(personId);
        List<PersonReleases.Entry> found = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.range(prefix, StateKey.after(prefix))) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                if (kv.value == null || kv.key.get().length == prefix.get().length) {
                    continue;
                }
                StateKey.Reader key = StateKey.read(kv.key);
                key.text();
                long at = key.time();
                String eventId = key.text();
                if (value.find(at, eventId) == null) {
                    ReleaseEvent release = EventCodec.readRelease(kv.value);
                    found.add(new PersonReleases.Entry(at, eventId, PersonReleases.sourceName(release), null));
                }
            }
        }
        if (found.isEmpty()) {
            return value;
        }
        PersonReleases adopted = value.withAll(found);
        PersonReleases capped = adopted.within(retention, now).capped(perDay);
        write(personId, adopted, capped, now);
        return capped;
    }

    /**
     * One bounded step of the pass that gives every person with releases of the layout before their value; when a
     * pass has gone over the whole store, writes {@link #MIGRATED}. Nothing to do after.
     */
    void migrate(Purge purge, PersonClock clock) {
        if (migrated) {
            return;
        }
        purge.where(store, (key, value) -> {
            byte[] bytes = key.get();
            if (bytes.length > 4) {
                int length = ByteBuffer.wrap(bytes).getInt();
                if (length >= 0 && bytes.length > 4 + length) {
                    String personId = StateKey.read(key).text();
                    stored(personId, clock.now(personId));
                }
            }
            return false;
        });
        if (!purge.scanning(store)) {
            store.put(MIGRATED, new byte[] {1});
            migrated = true;
        }
    }

    static Bytes personKey(String personId) {
        return StateKey.of().text(personId).bytes();
    }

    static Bytes releaseKey(String personId, long at, String eventId) {
        return StateKey.of().text(personId).time(at).text(eventId).bytes();
    }
}

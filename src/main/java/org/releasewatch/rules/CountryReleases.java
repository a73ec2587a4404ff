package org.releasewatch.rules;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.Source;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The recent releases of each country ({@link AlertTopology#COUNTRY_RELEASES_STORE}), written once per report and read
 * by MASS_RELEASE (is the person new to the day? the day's evidence) and LINKED_RELIEF (the persons released within ±
 * the link window of a relief). {@link MassReleaseRule}, the first rule of the task to see a release, writes it;
 * {@link LinkedReliefRule} only reads.
 *
 * <p>Key: (country, UTC day, bucket, chunk) → up to {@link #PER_CHUNK} {@link ReleasedPerson}s. A person's bucket is a
 * hash of their id, so finding them is one point read (a read more per full chunk of their bucket), and a day's
 * persons share {@link #BUCKETS} keys per chunk instead of one key each: the purge deletes a country's expired days
 * with one tombstone per chunk, not one per release, and the record cache folds the writes of one chunk within a
 * commit into one changelog record. A chunk holds at most {@link #PER_CHUNK} persons (a few KiB at most); a busy
 * day opens more chunks in a bucket, each one read more to find a person of that bucket.
 *
 * <p>A day is kept while its last instant is not {@code keptFor} behind its country's clock (the longest any rule
 * reads it: LINKED_RELIEF's two link windows and the lateness, or MASS_RELEASE's window and the lateness).
 */
final class CountryReleases {

    static final int BUCKETS = 32;
    static final int PER_CHUNK = 16;
    /** The order the keys of the separate stores had: a text by its length, then its bytes. */
    private static final Comparator<String> KEY_ORDER = Comparator.comparing(s -> StateKey.of().text(s).bytes());

    private final KeyValueStore<Bytes, List<ReleasedPerson>> store;
    private final long daySize;
    private final long keptFor;

    CountryReleases(KeyValueStore<Bytes, List<ReleasedPerson>> store, long daySize, long keptFor) {
        this.store = store;
        this.daySize = daySize;
        this.keptFor = keptFor;
    }

    long day(long at) {
        return Math.floorDiv(at, daySize) * daySize;
    }

    /** Whether a report at {@code at} is older than the store keeps, by its country's clock {@code now}. */
    boolean tooOld(long at, long now) {
        return RuleClock.expired(at, keptFor, now);
    }

    private static int bucket(String personId) {
        return Math.floorMod(personId.hashCode(), BUCKETS);
    }

    private static Bytes key(String country, long day, int bucket, int chunk) {
        return StateKey.of().text(country).time(day).number(bucket).number(chunk).bytes();
    }

    /** Where a person is (or would go) in their bucket of a day. */
    private record Place(Bytes key, List<ReleasedPerson> chunk, int index, Bytes room, List<ReleasedPerson> roomChunk) {
        ReleasedPerson person() {
            return index < 0 ? null : chunk.get(index);
        }
    }

    private Place find(String country, long day, String personId) {
        int bucket = bucket(personId);
        Bytes room = null;
        List<ReleasedPerson> roomChunk = null;
        for (int chunk = 0; ; chunk++) {
            Bytes key = key(country, day, bucket, chunk);
            List<ReleasedPerson> persons = store.get(key);
            if (persons == null) {
                return room != null ? new Place(null, null, -1, room, roomChunk) : new Place(null, null, -1, key, List.of());
            }
            for (int i = 0; i < persons.size(); i++) {
                if (persons.get(i).personId().equals(personId)) {
                    return new Place(key, persons, i, null, null);
                }
            }
            if (room == null && persons.size() < PER_CHUNK) {
                room = key;
                roomChunk = persons;
            }
        }
    }

    /** The person as released from {@code country} on {@code day}, or null. */
    ReleasedPerson person(String country, long day, String personId) {
        return find(country, day, personId).person();
    }

    /** Keeps a report; returns the person as they were before it (null: new to the day). */
    ReleasedPerson report(String country, ReleaseEvent release) {
        long day = day(release.occurredAt().toEpochMilli());
        Place place = find(country, day, release.person().id());
        ReleasedPerson before = place.person();
        if (before == null) {
            List<ReleasedPerson> more = new ArrayList<>(place.roomChunk());
            more.add(ReleasedPerson.first(release));
            store.put(place.room(), more);
            return null;
        }
        ReleasedPerson after = before.reportedAgain(release);
        if (after != before) {
            replace(place, after);
        }
        return before;
    }

    /**
     * Withdraws a kept report; returns the person as they were before (null: no such report kept). A person with no
     * report left leaves the day; their chunk stays, maybe empty, so that the chunks after it are still found.
     */
    ReleasedPerson withdraw(String country, ReleaseEvent retraction) {
        long day = day(retraction.occurredAt().toEpochMilli());
        Place place = find(country, day, retraction.person().id());
        ReleasedPerson before = place.person();
        if (before == null || !before.keeps(retraction.eventId())) {
            return null;
        }
        replace(place, before.withdrawn(retraction.eventId()));
        return before;
    }

    private void replace(Place place, ReleasedPerson person) {
        List<ReleasedPerson> chunk = new ArrayList<>(place.chunk());
        if (person == null) {
            chunk.remove(place.index());
        } else {
            chunk.set(place.index(), person);
        }
        store.put(place.key(), chunk);
    }

    /** The persons released from {@code country} on {@code day}, in the order of their ids' keys. */
    List<ReleasedPerson> ofDay(String country, long day) {
        List<ReleasedPerson> out = new ArrayList<>();
        Bytes prefix = StateKey.of().text(country).time(day).bytes();
        try (KeyValueIterator<Bytes, List<ReleasedPerson>> it = store.range(prefix, StateKey.after(prefix))) {
            it.forEachRemaining(kv -> out.addAll(kv.value));
        }
        out.sort(Comparator.comparing(ReleasedPerson::personId, KEY_ORDER));
        return out;
    }

    /**
     * Whether {@code personId} has a kept report other than {@code eventId} that occurred in [from, to]: then their
     * report {@code eventId} adds no one to the persons {@link #between} finds there. A point read per day of the range.
     */
    boolean reportedBetween(String country, String personId, String eventId, long from, long to) {
        for (long day = day(from); day <= to; day += daySize) {
            ReleasedPerson person = person(country, day, personId);
            if (person != null && person.reports().stream()
                    .anyMatch(r -> r.at() >= from && r.at() <= to && !r.eventId().equals(eventId))) {
                return true;
            }
        }
        return false;
    }

    /** A kept report with its person. */
    record Linked(String personId, String eventId, long at, String agreement, Source source) {
    }

    /**
     * The reports from {@code country} that occurred in [from, to], by time, then event id. Whatever a rule reads here
     * is younger than {@code keptFor} by the clock the rule last saw, and a purge deletes a day only once its last
     * instant is that old, so no read depends on when the purge ran.
     */
    List<Linked> between(String country, long from, long to) {
        List<Linked> out = new ArrayList<>();
        try (KeyValueIterator<Bytes, List<ReleasedPerson>> it = store.range(StateKey.of().text(country).time(day(from)).bytes(),
                StateKey.of().text(country).time(day(to) + 1).bytes())) {
            it.forEachRemaining(kv -> {
                for (ReleasedPerson p : kv.value) {
                    for (ReleasedPerson.Report r : p.reports()) {
                        if (r.at() >= from && r.at() <= to) {
                            out.add(new Linked(p.personId(), r.eventId(), r.at(), r.agreement(), r.source()));
                        }
                    }
                }
            });
        }
        out.sort(Comparator.comparingLong(Linked::at).thenComparing(Linked::eventId, KEY_ORDER));
        return out;
    }

    /** Deletes the days whose last instant is {@code keptFor} behind their country's clock: a tombstone per chunk. */
    void purgeExpired(Purge purge, Map<String, Long> clocks) {
        purge.perLeadingText(store, country -> {
            Long now = clocks.get(country);
            // a day goes when its last instant (day + size - 1) has expired: day <= now - keptFor - size + 1
            return now == null ? Long.MIN_VALUE : now - keptFor - daySize + 2;
        }, (country, deleted) -> { });
    }
}

package org.releasewatch.rules;

import org.apache.kafka.common.errors.SerializationException;
import org.releasewatch.model.EventCodec;
import org.releasewatch.model.ReleaseEvent;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One person's releases kept for the watchlist ({@link WatchlistReleaseRule}), as one value of
 * {@link AlertTopology#WATCHLIST_RECENT_RELEASES_STORE}: in the order of their keys before this value existed (time,
 * then event id as its UTF-8 length and bytes), each with its time, event id and source name, so that which report
 * is a day's first and how many sources a day has are read without decoding a release. A release is held inline
 * (as {@link EventCodec} writes it) while the whole value stays within {@link #INLINE_BYTES}; beyond that it is kept
 * {@linkplain Entry#apart() apart}, under its own key, so that a person's value stays far below the record limit
 * whatever the size of their reports.
 *
 * <p>One value per person is the point: a new release rewrites it, and that overwrite also drops the releases its
 * person's clock has expired, so expiry costs no tombstone per release. The value also carries the person's clock
 * (their latest release, {@link #clock()}): the write that keeps a release moves it too, with no record of its own.
 * A value with no release left still holds the clock.
 */
final class PersonReleases {

    /** The most bytes of inline releases a value holds; later releases of a fuller value are kept apart. */
    static final int INLINE_BYTES = 64 * 1024;
    /** The version with the clock; values of version 1 have none (their person's clock is in {@code rules-clock}). */
    private static final byte VERSION = 2;
    private static final byte VERSION_WITHOUT_CLOCK = 1;
    private static final long DAY_MILLIS = 86_400_000L;

    /** A kept release: {@code release} is its {@link EventCodec} form, or null when it is kept apart. */
    record Entry(long at, String eventId, String source, byte[] release) {

        boolean apart() {
            return release == null;
        }

        long day() {
            return Math.floorDiv(at, DAY_MILLIS);
        }

        boolean is(long time, String id) {
            return at == time && eventId.equals(id);
        }
    }

    /** The order of the keys of each release before: time, then the event id's UTF-8 length, then its bytes. */
    static final Comparator<Entry> ORDER = Comparator.comparingLong(Entry::at).thenComparing(Entry::eventId,
            (a, b) -> {
                byte[] x = a.getBytes(StandardCharsets.UTF_8);
                byte[] y = b.getBytes(StandardCharsets.UTF_8);
                return x.length != y.length ? Integer.compare(x.length, y.length) : Arrays.compareUnsigned(x, y);
            });

    static final PersonReleases NONE = new PersonReleases(List.of(), RuleClock.NEVER);

    private final List<Entry> entries;
    private final long clock;

    private PersonReleases(List<Entry> entries, long clock) {
        this.entries = entries;
        this.clock = clock;
    }

    /** The person's clock as this value holds it, or {@link RuleClock#NEVER}. */
    long clock() {
        return clock;
    }

    /** These with the clock at {@code now} if that is later: a clock never goes back. */
    PersonReleases clocked(long now) {
        return now > clock ? new PersonReleases(entries, now) : this;
    }

    List<Entry> entries() {
        return entries;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    Entry find(long at, String eventId) {
        for (Entry e : entries) {
            if (e.is(at, eventId)) {
                return e;
            }
        }
        return null;
    }

    /** The entries not expired by {@code now} (the person's clock) for a retention of {@code retention}. */
    PersonReleases within(long retention, long now) {
        List<Entry> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            if (!RuleClock.expired(e.at(), retention, now)) {
                out.add(e);
            }
        }
        return out.size() == entries.size() ? this : new PersonReleases(List.copyOf(out), clock);
    }

    /** The entries of the UTC day of {@code at}, in order. */
    List<Entry> ofTheDay(long at) {
        long day = Math.floorDiv(at, DAY_MILLIS);
        return entries.stream().filter(e -> e.day() == day).toList();
    }

    /**
     * These with {@code entry} in its place, keeping of each UTC day only the first {@code perDay}; the entry's
     * release goes apart when inline it would take the value past {@link #INLINE_BYTES}.
     */
    PersonReleases with(Entry entry, int perDay) {
        Entry placed = entry;
        if (!entry.apart() && inlineBytes() + entry.release().length > INLINE_BYTES) {
            placed = new Entry(entry.at(), entry.eventId(), entry.source(), null);
        }
        List<Entry> out = new ArrayList<>(entries.size() + 1);
        out.addAll(entries);
        out.add(placed);
        return sorted(out, clock).capped(perDay);
    }

    /** These and {@code more}, as they are (inline or apart), in order. */
    PersonReleases withAll(List<Entry> more) {
        List<Entry> out = new ArrayList<>(entries);
        out.addAll(more);
        return sorted(out, clock);
    }

    /**
     * These, of each UTC day only the first {@code perDay}, and the first of each source those do not name (at most
     * {@code perDay} more): a day's corroboration counts its sources, so a source that reports after the day is full
     * must still be kept, once, or each of its reports would be a second source anew.
     */
    PersonReleases capped(int perDay) {
        List<Entry> out = new ArrayList<>(entries.size());
        long day = Long.MIN_VALUE;
        int kept = 0;
        int more = 0;
        Set<String> sources = new HashSet<>();
        for (Entry e : entries) {
            if (e.day() != day) {
                day = e.day();
                kept = 0;
                more = 0;
                sources.clear();
            }
            if (kept < perDay) {
                kept++;
                sources.add(e.source());
                out.add(e);
            } else if (more < perDay && sources.add(e.source())) {
                more++;
                out.add(e);
            }
        }
        return out.size() == entries.size() ? this : new PersonReleases(List.copyOf(out), clock);
    }

    private static PersonReleases sorted(List<Entry> entries, long clock) {
        entries.sort(ORDER);
        return new PersonReleases(List.copyOf(entries), clock);
    }

    /** These without the entry of {@code at} and {@code eventId}. */
    PersonReleases without(long at, String eventId) {
        return new PersonReleases(entries.stream().filter(e -> !e.is(at, eventId)).toList(), clock);
    }

    /** The entries of these that {@code other} does not hold (by time and event id). */
    List<Entry> missingFrom(PersonReleases other) {
        return entries.stream().filter(e -> other.find(e.at(), e.eventId()) == null).toList();
    }

    private int inlineBytes() {
        int sum = 0;
        for (Entry e : entries) {
            sum += e.apart() ? 0 : e.release().length;
        }
        return sum;
    }

    static String sourceName(ReleaseEvent release) {
        return release.source() == null || release.source().name() == null ? "" : release.source().name();
    }

    static Entry entry(ReleaseEvent release) {
        return new Entry(release.occurredAt().toEpochMilli(), release.eventId(), sourceName(release), EventCodec.write(release));
    }

    // ---- binary form: a version byte, the clock (version 2 on), the entry count, then per entry its time, event
    // id, source name, and its release's length and bytes (-1: kept apart) ----

    /** The clock of the value {@code bytes} without reading its releases: the person's clock is read by every record. */
    static long clockOf(byte[] bytes) {
        if (bytes.length == 0 || (bytes[0] != VERSION && bytes[0] != VERSION_WITHOUT_CLOCK)) {
            throw new SerializationException("kept releases of unknown version " + (bytes.length == 0 ? "(empty)" : bytes[0]));
        }
        if (bytes[0] == VERSION_WITHOUT_CLOCK) {
            return RuleClock.NEVER;
        }
        if (bytes.length < 1 + Long.BYTES) {
            throw new SerializationException("kept releases: " + bytes.length + " bytes, too short for the clock");
        }
        return ByteBuffer.wrap(bytes, 1, Long.BYTES).getLong();
    }

    static byte[] write(PersonReleases value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + value.inlineBytes());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(value.clock);
            out.writeInt(value.entries.size());
            for (Entry e : value.entries) {
                out.writeLong(e.at());
                text(out, e.eventId());
                text(out, e.source());
                if (e.apart()) {
                    out.writeInt(-1);
                } else {
                    out.writeInt(e.release().length);
                    out.write(e.release());
                }
            }
        } catch (IOException e) {
            throw new SerializationException("cannot write the kept releases of a person", e);
        }
        return bytes.toByteArray();
    }

    static PersonReleases read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION && version != VERSION_WITHOUT_CLOCK) {
                throw new SerializationException("kept releases of unknown version " + version);
            }
            long clock = version == VERSION ? in.readLong() : RuleClock.NEVER;
            int count = in.readInt();
            if (count < 0 || count > bytes.length) {
                throw new SerializationException("kept releases: a count of " + count + " in " + bytes.length + " bytes");
            }
            List<Entry> entries = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long at = in.readLong();
                String eventId = text(in, bytes.length);
                String source = text(in, bytes.length);
                int length = in.readInt();
                entries.add(new Entry(at, eventId, source, length < 0 ? null : exactly(in, length, bytes.length)));
            }
            if (in.available() > 0) {
                throw new SerializationException("kept releases: " + in.available() + " bytes left after the value");
            }
            return new PersonReleases(List.copyOf(entries), clock);
        } catch (IOException e) {
            throw new SerializationException("cannot read the kept releases of a person from " + bytes.length + " bytes", e);
        }
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String text(DataInputStream in, int max) throws IOException {
        return new String(exactly(in, in.readInt(), max), StandardCharsets.UTF_8);
    }

    private static byte[] exactly(DataInputStream in, int length, int max) throws IOException {
        if (length < 0 || length > max) {
            throw new IOException("a length of " + length + " in " + max + " bytes");
        }
        byte[] out = in.readNBytes(length);
        if (out.length != length) {
            throw new IOException("truncated: " + out.length + " of " + length + " bytes");
        }
        return out;
    }

}

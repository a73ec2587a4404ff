package org.releasewatch.model;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.util.function.Function;

/**
 * The compact binary form of validated events on the internal topics and in the rules' stores. Ingest
 * parses and validates each input's JSON once; from there on an event is read and written with this codec
 * (a few hundred nanoseconds, no reflection) and JSON is written once more, for the alert. Layout: a version
 * byte, a kind byte ({@code R} release, {@code S} sanction), then the fields in declaration order
 * ({@link BinaryWriter}). A release and the {@link IngestedEvent} holding it have the same bytes, so the
 * internal events topic, the releases-by-person repartition and the stores share one form.
 * Not a contract: internal topics and stores may change with any release (a new version byte).
 *
 * <p>Version 2 adds a retraction (contract v1.2) after the source: a flag byte and the note. A report is
 * still written as version 1, byte for byte as before, so records and stores written before version 2
 * existed decode unchanged, and an instance not yet upgraded keeps reading every report during a rolling
 * upgrade; only a retraction needs version 2. Version 3 adds, for a release derived from a prisoner roster, the
 * {@code inferred} flag after the retraction's flag and note (both written, the flag 0 for a report); only an
 * inferred release needs it.
 */
public final class EventCodec {

    static final int VERSION = 1;
    static final int VERSION_WITH_RETRACTION = 2;
    static final int VERSION_WITH_INFERRED = 3;
    static final int RELEASE = 'R';
    static final int SANCTION = 'S';

    private EventCodec() {
    }

    public static byte[] write(IngestedEvent event) {
        return event.hasRelease() ? write(event.release()) : write(event.sanction());
    }

    public static byte[] write(ReleaseEvent e) {
        BinaryWriter w = new BinaryWriter(256).writeByte(e.inferred() ? VERSION_WITH_INFERRED : version(e.retracted()))
                .writeByte(RELEASE)
                .writeString(e.eventId()).writeInstant(e.occurredAt()).writeString(e.country());
        Person p = e.person();
        if (p == null) {
            w.writeByte(0);
        } else {
            w.writeByte(1).writeString(p.id()).writeString(p.name()).writeStrings(p.tags());
        }
        w.writeStrings(e.charges()).writeString(e.transferredTo()).writeString(e.agreement());
        source(w, e.source());
        if (e.inferred()) {
            return w.writeByte(e.retracted() ? 1 : 0).writeString(e.retractionNote()).writeByte(1).toByteArray();
        }
        return retraction(w, e.retracted(), e.retractionNote()).toByteArray();
    }

    public static byte[] write(SanctionEvent e) {
        BinaryWriter w = new BinaryWriter(256).writeByte(version(e.retracted())).writeByte(SANCTION)
                .writeString(e.eventId()).writeInstant(e.occurredAt()).writeString(e.issuer())
                .writeString(e.targetCountry()).writeEnum(e.action());
        SanctionTarget t = e.target();
        if (t == null) {
            w.writeByte(0);
        } else {
            w.writeByte(1).writeString(t.id()).writeString(t.name()).writeString(t.kind());
        }
        w.writeString(e.sector()).writeString(e.program()).writeString(e.agreement());
        return retraction(source(w, e.source()), e.retracted(), e.retractionNote()).toByteArray();
    }

    public static IngestedEvent readEvent(byte[] bytes) {
        return decode(bytes, (r, version) -> {
            int kind = r.readByte();
            if (kind == RELEASE) {
                return IngestedEvent.of(release(r, version));
            }
            if (kind == SANCTION) {
                return IngestedEvent.of(sanction(r, version));
            }
            throw new SerializationException("an event of unknown kind " + kind);
        });
    }

    public static ReleaseEvent readRelease(byte[] bytes) {
        return decode(bytes, (r, version) -> {
            kind(r, RELEASE);
            return release(r, version);
        });
    }

    public static SanctionEvent readSanction(byte[] bytes) {
        return decode(bytes, (r, version) -> {
            kind(r, SANCTION);
            return sanction(r, version);
        });
    }

    /** Serde of the internal events topic. */
    public static Serde<IngestedEvent> events() {
        return serde(EventCodec::write, EventCodec::readEvent);
    }

    /** Serde of releases alone (ingest's copy of each release keyed by person). */
    public static Serde<ReleaseEvent> releases() {
        return serde(EventCodec::write, EventCodec::readRelease);
    }

    /** Serde of sanctions alone (reliefs waiting for a release). */
    public static Serde<SanctionEvent> sanctions() {
        return serde(EventCodec::write, EventCodec::readSanction);
    }

    private static <T> Serde<T> serde(Function<T, byte[]> write, Function<byte[], T> read) {
        Serializer<T> serializer = (topic, value) -> value == null ? null : write.apply(value);
        Deserializer<T> deserializer = (topic, bytes) -> bytes == null ? null : read.apply(bytes);
        return new Serde<>() {
            @Override
            public Serializer<T> serializer() {
                return serializer;
            }

            @Override
            public Deserializer<T> deserializer() {
                return deserializer;
            }
        };
    }

    @FunctionalInterface
    private interface Body<T> {
        T read(BinaryReader r, int version);
    }

    private static <T> T decode(byte[] bytes, Body<T> body) {
        BinaryReader r = new BinaryReader(bytes);
        try {
            int version = r.readByte();
            if (version != VERSION && version != VERSION_WITH_RETRACTION && version != VERSION_WITH_INFERRED) {
                throw new SerializationException("an internal event of unknown version " + version
                        + (version == '{' ? " (JSON: written by an earlier version of the service)" : ""));
            }
            T value = body.read(r, version);
            r.end();
            return value;
        } catch (SerializationException e) {
            throw e;
        } catch (RuntimeException e) { // a record's own checks (e.g. a null in a list)
            throw new SerializationException("cannot read an internal event of " + bytes.length + " bytes: " + e, e);
        }
    }

    private static void kind(BinaryReader r, int expected) {
        int kind = r.readByte();
        if (kind != expected) {
            throw new SerializationException("expected an event of kind " + (char) expected + ", got " + kind);
        }
    }

    private static ReleaseEvent release(BinaryReader r, int version) {
        String eventId = r.readString();
        var occurredAt = r.readInstant();
        String country = r.readString();
        Person person = r.readByte() == 0 ? null : new Person(r.readString(), r.readString(), r.readStrings());
        var charges = r.readStrings();
        String transferredTo = r.readString();
        String agreement = r.readString();
        Source source = source(r);
        if (version == VERSION) {
            return new ReleaseEvent(eventId, occurredAt, country, person, charges, transferredTo, agreement, source);
        }
        boolean retracted = r.readByte() != 0;
        String note = r.readString();
        boolean inferred = version == VERSION_WITH_INFERRED && r.readByte() != 0;
        return new ReleaseEvent(eventId, occurredAt, country, person, charges, transferredTo, agreement, source,
                retracted, note, inferred);
    }

    private static SanctionEvent sanction(BinaryReader r, int version) {
        String eventId = r.readString();
        var occurredAt = r.readInstant();
        String issuer = r.readString();
        String targetCountry = r.readString();
        SanctionAction action = r.readEnum(SanctionAction.class);
        SanctionTarget target = r.readByte() == 0 ? null : new SanctionTarget(r.readString(), r.readString(), r.readString());
        String sector = r.readString();
        String program = r.readString();
        String agreement = r.readString();
        Source source = source(r);
        if (version == VERSION) {
            return new SanctionEvent(eventId, occurredAt, issuer, targetCountry, action, target, sector, program, agreement,
                    source);
        }
        boolean retracted = r.readByte() != 0;
        return new SanctionEvent(eventId, occurredAt, issuer, targetCountry, action, target, sector, program, agreement,
                source, retracted, r.readString());
    }

    private static int version(boolean retracted) {
        return retracted ? VERSION_WITH_RETRACTION : VERSION;
    }

    private static BinaryWriter retraction(BinaryWriter w, boolean retracted, String note) {
        return retracted ? w.writeByte(1).writeString(note) : w;
    }

    private static BinaryWriter source(BinaryWriter w, Source s) {
        return s == null ? w.writeByte(0) : w.writeByte(1).writeString(s.name()).writeString(s.url());
    }

    private static Source source(BinaryReader r) {
        return r.readByte() == 0 ? null : new Source(r.readString(), r.readString());
    }
}

package org.releasewatch.rules;

import org.apache.kafka.common.errors.SerializationException;
import org.releasewatch.model.BinaryReader;
import org.releasewatch.model.BinaryWriter;
import org.releasewatch.model.Source;

import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of {@link PersonSighting} in {@link AlertTopology#MASS_RELEASE_PERSONS_STORE}, read and
 * written once per release: a version byte, the destination, the event ids, the sources (name, url) and the
 * number of event ids left out, in the layout of {@link BinaryWriter}.
 */
final class PersonSightingSerde extends StoreValueSerde<PersonSighting> {

    private static final int VERSION = 1;

    PersonSightingSerde() {
        super(PersonSightingSerde::write, PersonSightingSerde::read);
    }

    static byte[] write(PersonSighting s) {
        BinaryWriter w = new BinaryWriter(64 + 24 * s.eventIds().size()).writeByte(VERSION)
                .writeString(s.destination()).writeStrings(s.eventIds()).writeVarLong(s.sources().size());
        for (Source source : s.sources()) {
            if (source == null) {
                w.writeByte(0);
            } else {
                w.writeByte(1).writeString(source.name()).writeString(source.url());
            }
        }
        return w.writeVarLong(s.moreEventIds()).toByteArray();
    }

    static PersonSighting read(byte[] bytes) {
        BinaryReader r = new BinaryReader(bytes);
        try {
            int version = r.readByte();
            if (version != VERSION) {
                throw new SerializationException("a person sighting of unknown version " + version);
            }
            String destination = r.readString();
            List<String> eventIds = r.readStrings();
            int n = r.readLength(bytes.length);
            List<Source> sources = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                sources.add(r.readByte() == 0 ? null : new Source(r.readString(), r.readString()));
            }
            int more = (int) r.readVarLong();
            r.end();
            return new PersonSighting(destination, eventIds, sources, more);
        } catch (SerializationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SerializationException("cannot read a person sighting of " + bytes.length + " bytes: " + e, e);
        }
    }
}

package org.releasewatch.rules;

import org.apache.kafka.common.errors.SerializationException;
import org.releasewatch.model.BinaryReader;
import org.releasewatch.model.BinaryWriter;
import org.releasewatch.model.Source;

import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of a chunk of {@link CountryReleases}: a version byte, the number of persons, and per person its
 * id, destination, reports (event id, occurredAt in epoch millis, agreement, source), sources and the number of
 * reports left out, in the layout of {@link BinaryWriter}.
 */
final class ReleasedPersonsSerde extends StoreValueSerde<List<ReleasedPerson>> {

    private static final int VERSION = 1;

    ReleasedPersonsSerde() {
        super(ReleasedPersonsSerde::write, ReleasedPersonsSerde::read);
    }

    static byte[] write(List<ReleasedPerson> persons) {
        BinaryWriter w = new BinaryWriter(16 + 96 * persons.size()).writeByte(VERSION).writeVarLong(persons.size());
        for (ReleasedPerson p : persons) {
            w.writeString(p.personId()).writeString(p.destination()).writeVarLong(p.reports().size());
            for (ReleasedPerson.Report r : p.reports()) {
                w.writeString(r.eventId()).writeSignedVarLong(r.at()).writeString(r.agreement());
                writeSource(w, r.source());
            }
            w.writeVarLong(p.sources().size());
            p.sources().forEach(s -> writeSource(w, s));
            w.writeVarLong(p.moreReports());
        }
        return w.toByteArray();
    }

    private static void writeSource(BinaryWriter w, Source source) {
        if (source == null) {
            w.writeByte(0);
        } else {
            w.writeByte(1).writeString(source.name()).writeString(source.url());
        }
    }

    static List<ReleasedPerson> read(byte[] bytes) {
        BinaryReader r = new BinaryReader(bytes);
        try {
            int version = r.readByte();
            if (version != VERSION) {
                throw new SerializationException("released persons of unknown version " + version);
            }
            int n = r.readLength(bytes.length);
            List<ReleasedPerson> persons = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String personId = r.readString();
                String destination = r.readString();
                int reportCount = r.readLength(bytes.length);
                List<ReleasedPerson.Report> reports = new ArrayList<>(reportCount);
                for (int j = 0; j < reportCount; j++) {
                    reports.add(new ReleasedPerson.Report(r.readString(), r.readSignedVarLong(), r.readString(), readSource(r)));
                }
                int sourceCount = r.readLength(bytes.length);
                List<Source> sources = new ArrayList<>(sourceCount);
                for (int j = 0; j < sourceCount; j++) {
                    sources.add(readSource(r));
                }
                persons.add(new ReleasedPerson(personId, destination, reports, sources, (int) r.readVarLong()));
            }
            r.end();
            return persons;
        } catch (SerializationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SerializationException("cannot read released persons of " + bytes.length + " bytes: " + e, e);
        }
    }

    private static Source readSource(BinaryReader r) {
        return r.readByte() == 0 ? null : new Source(r.readString(), r.readString());
    }
}

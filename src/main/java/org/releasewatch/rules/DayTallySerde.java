package org.releasewatch.rules;

import org.apache.kafka.common.errors.SerializationException;
import org.releasewatch.json.Json;
import org.releasewatch.model.BinaryReader;
import org.releasewatch.model.BinaryWriter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The binary form of {@link DayTally} in {@link AlertTopology#MASS_RELEASE_STORE}: read and written for every
 * newly counted person, where JSON took a tenth of the stream thread. A version byte, the count, the
 * destinations (sorted, each with its count) and the fired thresholds, in the layout of {@link BinaryWriter}.
 * A value written as JSON by an earlier version (it starts with <code>{</code>, never a version byte) is still
 * read, so an upgrade keeps the day's count.
 */
final class DayTallySerde extends StoreValueSerde<DayTally> {

    /** 2 adds the day history's {@code uncounted} and {@code late}, and {@code corroborated}; 1 is still read. */
    private static final int VERSION = 2;

    DayTallySerde() {
        super(DayTallySerde::write, DayTallySerde::read);
    }

    static byte[] write(DayTally t) {
        Map<String, Integer> destinations = new TreeMap<>(t.byDestination());
        BinaryWriter w = new BinaryWriter(16 + 8 * destinations.size() + 4 * t.fired().size()).writeByte(VERSION)
                .writeVarLong(t.count()).writeVarLong(destinations.size());
        destinations.forEach((destination, n) -> w.writeString(destination).writeVarLong(n));
        w.writeVarLong(t.fired().size());
        t.fired().forEach(w::writeVarLong);
        w.writeVarLong(t.uncounted()).writeByte(t.late() ? 1 : 0).writeVarLong(t.corroborated());
        return w.toByteArray();
    }

    static DayTally read(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == '{') {
            return Json.read(bytes, DayTally.class);
        }
        BinaryReader r = new BinaryReader(bytes);
        try {
            int version = r.readByte();
            if (version != 1 && version != VERSION) {
                throw new SerializationException("a day tally of unknown version " + version);
            }
            int count = (int) r.readVarLong();
            int n = r.readLength(bytes.length);
            Map<String, Integer> destinations = new HashMap<>(n * 2);
            for (int i = 0; i < n; i++) {
                destinations.put(r.readString(), (int) r.readVarLong());
            }
            int f = r.readLength(bytes.length);
            List<Integer> fired = new ArrayList<>(f);
            for (int i = 0; i < f; i++) {
                fired.add((int) r.readVarLong());
            }
            int uncounted = version >= 2 ? (int) r.readVarLong() : 0;
            boolean late = version >= 2 && r.readByte() == 1;
            int corroborated = version >= 2 ? (int) r.readVarLong() : 0;
            r.end();
            return new DayTally(count, destinations, fired, uncounted, late, corroborated);
        } catch (SerializationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SerializationException("cannot read a day tally of " + bytes.length + " bytes: " + e, e);
        }
    }
}

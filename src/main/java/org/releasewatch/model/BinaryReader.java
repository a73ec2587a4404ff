package org.releasewatch.model;

import org.apache.kafka.common.errors.SerializationException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads what {@link BinaryWriter} wrote; anything truncated or out of range is a {@link SerializationException}. */
public final class BinaryReader {

    private final byte[] buf;
    private int pos;

    public BinaryReader(byte[] buf) {
        this.buf = buf;
    }

    public int readByte() {
        if (pos >= buf.length) {
            throw truncated();
        }
        return buf[pos++] & 0xFF;
    }

    public long readVarLong() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new SerializationException("a varint longer than 10 bytes at byte " + pos);
    }

    public long readSignedVarLong() {
        long v = readVarLong();
        return (v >>> 1) ^ -(v & 1);
    }

    public int readLength(long max) {
        long n = readVarLong();
        if (n < 0 || n > max || n > buf.length - pos + 1L) {
            throw new SerializationException("a length of " + n + " at byte " + pos + " in " + buf.length + " bytes");
        }
        return (int) n;
    }

    public String readString() {
        int n = readLength(Integer.MAX_VALUE);
        if (n == 0) {
            return null;
        }
        int length = n - 1;
        if (length > buf.length - pos) {
            throw truncated();
        }
        String s = new String(buf, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return s;
    }

    public Instant readInstant() {
        if (readByte() == 0) {
            return null;
        }
        long seconds = readSignedVarLong();
        long nanos = readVarLong();
        try {
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (RuntimeException e) {
            throw new SerializationException("an instant out of range at byte " + pos, e);
        }
    }

    public List<String> readStrings() {
        int n = readLength(Integer.MAX_VALUE);
        List<String> values = new ArrayList<>(Math.min(n, 64));
        for (int i = 0; i < n; i++) {
            values.add(readString());
        }
        return values;
    }

    public <E extends Enum<E>> E readEnum(Class<E> type) {
        String name = readString();
        try {
            return name == null ? null : Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new SerializationException("no " + type.getSimpleName() + " named " + name, e);
        }
    }

    public void end() {
        if (pos != buf.length) {
            throw new SerializationException((buf.length - pos) + " bytes left after the value");
        }
    }

    private SerializationException truncated() {
        return new SerializationException("truncated at byte " + pos + " of " + buf.length);
    }
}

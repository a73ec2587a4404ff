package org.releasewatch.model;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Writes the compact binary form of the internal records ({@link EventCodec}): unsigned varints, strings as
 * a varint of (UTF-8 length + 1, 0 for null) and their bytes, instants as epoch second and nanosecond. Not
 * thread-safe; one per value written.
 */
public final class BinaryWriter {

    private byte[] buf;
    private int size;

    public BinaryWriter(int expected) {
        buf = new byte[Math.max(16, expected)];
    }

    public BinaryWriter writeByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
        return this;
    }

    public BinaryWriter writeVarLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
        return this;
    }

    /** Zig-zag, so small negative numbers stay short. */
    public BinaryWriter writeSignedVarLong(long v) {
        return writeVarLong((v << 1) ^ (v >> 63));
    }

    public BinaryWriter writeString(String s) {
        if (s == null) {
            return writeVarLong(0);
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeVarLong(utf8.length + 1L);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, buf, size, utf8.length);
        size += utf8.length;
        return this;
    }

    public BinaryWriter writeInstant(Instant at) {
        if (at == null) {
            return writeByte(0);
        }
        writeByte(1);
        writeSignedVarLong(at.getEpochSecond());
        return writeVarLong(at.getNano());
    }

    public BinaryWriter writeStrings(List<String> values) {
        writeVarLong(values.size());
        for (String v : values) {
            writeString(v);
        }
        return this;
    }

    public <E extends Enum<E>> BinaryWriter writeEnum(E value) {
        return writeString(value == null ? null : value.name());
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}

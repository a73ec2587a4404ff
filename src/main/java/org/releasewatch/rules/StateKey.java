package org.releasewatch.rules;

import org.apache.kafka.common.utils.Bytes;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Composite keys of the rules' key-value stores, as bytes that sort the way the rules scan them.
 * A text component is its UTF-8 length (4 bytes) then its bytes, so no id can reach into another's range
 * whatever characters it holds ({@code |}, or code points past the BMP); a time component is 8 bytes,
 * big-endian with the sign bit flipped, so earlier instants sort first, negative ones included. Ranges are
 * built from prefixes: a full key is always longer than the prefix it starts with.
 */
final class StateKey {

    private ByteBuffer buffer = ByteBuffer.allocate(64);

    private StateKey() {
    }

    static StateKey of() {
        return new StateKey();
    }

    StateKey text(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        ensure(4 + bytes.length);
        buffer.putInt(bytes.length).put(bytes);
        return this;
    }

    StateKey time(long epochMillis) {
        ensure(8);
        buffer.putLong(epochMillis ^ Long.MIN_VALUE);
        return this;
    }

    /** A small non-negative number (a bucket, a chunk): 4 bytes, big-endian. */
    StateKey number(int value) {
        ensure(4);
        buffer.putInt(value);
        return this;
    }

    Bytes bytes() {
        return Bytes.wrap(Arrays.copyOf(buffer.array(), buffer.position()));
    }

    private void ensure(int more) {
        if (buffer.remaining() < more) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + more));
            bigger.put(buffer.array(), 0, buffer.position());
            buffer = bigger;
        }
    }

    /** The smallest key greater than every key that starts with {@code prefix}. */
    static Bytes after(Bytes prefix) {
        byte[] b = prefix.get().clone();
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] != (byte) 0xff) {
                b[i]++;
                return Bytes.wrap(Arrays.copyOf(b, i + 1));
            }
        }
        throw new IllegalArgumentException("no key follows a prefix of 0xff bytes");
    }

    /** Reads the components of a key in order. */
    static Reader read(Bytes key) {
        return new Reader(ByteBuffer.wrap(key.get()));
    }

    static final class Reader {
        private final ByteBuffer buffer;

        private Reader(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        String text() {
            byte[] bytes = new byte[buffer.getInt()];
            buffer.get(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }

        long time() {
            return buffer.getLong() ^ Long.MIN_VALUE;
        }

        int number() {
            return buffer.getInt();
        }
    }
}

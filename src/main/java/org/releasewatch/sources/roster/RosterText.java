package org.releasewatch.sources.roster;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The text of a roster download, decoded as it streams in. The encoding is found by this rule: a byte order mark
 * says UTF-8, UTF-16LE or UTF-16BE (and is dropped); without one the text is read as strict UTF-8, and if a byte
 * that is not UTF-8 comes before any non-ASCII character, the rest is read in the roster's {@code encoding} (the
 * text so far was ASCII, which reads the same in both). A byte that is not UTF-8 after UTF-8 text, or in a roster
 * with no {@code encoding}, or one the encoding cannot map, is an {@link UnreadableTextException}: the version is
 * refused rather than read with replacement characters in its ids and names.
 */
public final class RosterText extends Reader {

    private final InputStream in;
    private final Charset fallback;
    private final ByteBuffer bytes = ByteBuffer.allocate(16 * 1024).flip();
    private CharsetDecoder decoder;
    private Charset charset;
    private boolean detecting;
    private boolean sawNonAscii;
    private boolean eof;
    private boolean flushed;
    private long consumed;

    /** The text is not in the encoding the rule above found. */
    public static final class UnreadableTextException extends IOException {
        UnreadableTextException(String message) {
            super(message);
        }
    }

    /**
     * @param fallback the encoding of a roster that is not UTF-8 ({@code encoding}); null when it must be UTF-8
     */
    public RosterText(InputStream in, Charset fallback) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in);
        buffered.mark(3);
        byte[] head = buffered.readNBytes(3);
        buffered.reset();
        if (head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
            buffered.skipNBytes(3);
            charset = StandardCharsets.UTF_8;
        } else if (head.length >= 2 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xFE) {
            buffered.skipNBytes(2);
            charset = StandardCharsets.UTF_16LE;
        } else if (head.length >= 2 && (head[0] & 0xff) == 0xFE && (head[1] & 0xff) == 0xFF) {
            buffered.skipNBytes(2);
            charset = StandardCharsets.UTF_16BE;
        } else {
            charset = StandardCharsets.UTF_8;
            detecting = true;
        }
        this.in = buffered;
        this.fallback = fallback;
        this.decoder = strict(charset);
    }

    /** The encoding read so far: UTF-8 until the rule switched to the fallback. */
    public Charset charset() {
        return charset;
    }

    private static CharsetDecoder strict(Charset charset) {
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (flushed) {
            return -1;
        }
        if (length < 2) { // a character outside the BMP is two chars: decode it into room for both
            char[] two = new char[2];
            int n = read(two, 0, 2);
            if (n > 1) {
                throw new IllegalArgumentException("read a roster's text through a buffer of at least two chars");
            }
            if (n == 1) {
                buffer[offset] = two[0];
            }
            return n;
        }
        CharBuffer out = CharBuffer.wrap(buffer, offset, length);
        while (true) {
            int from = out.position();
            CoderResult result = decoder.decode(bytes, out, eof);
            noteNonAscii(buffer, from, out.position());
            if (result.isError()) {
                if (detecting && !sawNonAscii && fallback != null) {
                    detecting = false;
                    charset = fallback;
                    decoder = strict(fallback); // from the byte UTF-8 could not read on
                    continue;
                }
                throw unreadable(result, consumed + bytes.position());
            }
            if (out.position() > offset) {
                return out.position() - offset;
            }
            if (eof) {
                if (!flushed) {
                    flushed = true;
                    decoder.flush(out);
                    if (out.position() > offset) {
                        return out.position() - offset;
                    }
                }
                return -1;
            }
            fill();
        }
    }

    private void noteNonAscii(char[] buffer, int from, int to) {
        for (int i = from; i < to && !sawNonAscii; i++) {
            sawNonAscii = buffer[i] > 0x7F;
        }
    }

    private void fill() throws IOException {
        consumed += bytes.position();
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
            eof = true;
        } else {
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
    }

    private UnreadableTextException unreadable(CoderResult result, long offset) {
        String what = result.isMalformed() ? "is not " + charset.name() : "has no character in " + charset.name();
        if (charset.equals(StandardCharsets.UTF_8) && sawNonAscii) {
            return new UnreadableTextException("the byte at offset " + offset + " " + what + ", after UTF-8 text: "
                    + "a file mixing encodings cannot be read");
        }
        if (charset.equals(StandardCharsets.UTF_8) && fallback == null) {
            return new UnreadableTextException("the byte at offset " + offset + " " + what + " and the file has no byte "
                    + "order mark; set the roster's encoding (e.g. windows-1251) if it is written in another one");
        }
        return new UnreadableTextException("the byte at offset " + offset + " " + what);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

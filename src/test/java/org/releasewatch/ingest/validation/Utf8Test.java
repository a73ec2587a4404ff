package org.releasewatch.ingest.validation;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.releasewatch.testing.Fast;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Fast
class Utf8Test {

    /** The oracle: the JDK's decoder, which reports every malformed sequence, at the offset where it starts. */
    static int jdkFirstMalformed(byte[] value) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        ByteBuffer in = ByteBuffer.wrap(value);
        CharBuffer out = CharBuffer.allocate(64);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return in.position();
            }
            if (result.isUnderflow()) {
                return -1;
            }
            out.clear();
        }
    }

    @Property(tries = 5000)
    void findsTheSameFirstMalformedByteAsTheJdkDecoder(@ForAll("nearlyUtf8") byte[] bytes) {
        assertThat(Utf8.firstMalformed(bytes)).isEqualTo(jdkFirstMalformed(bytes));
    }

    @Property
    void acceptsEveryStringTheJdkEncodes(@ForAll String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8); // a lone surrogate is encoded as '?'
        assertThat(Utf8.firstMalformed(bytes)).isEqualTo(-1);
    }

    @Example
    void theEdgesOfEachRangeAreJudgedAsTheStandardSays() {
        assertThat(Utf8.firstMalformed(bytes(0x7F, 0xC2, 0x80, 0xDF, 0xBF))).isEqualTo(-1);
        assertThat(Utf8.firstMalformed(bytes('a', 0xC1, 0xBF))).as("overlong two bytes").isEqualTo(1);
        assertThat(Utf8.firstMalformed(bytes(0xE0, 0xA0, 0x80, 0xEF, 0xBF, 0xBF))).isEqualTo(-1);
        assertThat(Utf8.firstMalformed(bytes(0xE0, 0x9F, 0xBF))).as("overlong three bytes").isEqualTo(0);
        assertThat(Utf8.firstMalformed(bytes(0xED, 0x9F, 0xBF))).as("U+D7FF").isEqualTo(-1);
        assertThat(Utf8.firstMalformed(bytes(0xED, 0xA0, 0x80))).as("a surrogate").isEqualTo(0);
        assertThat(Utf8.firstMalformed(bytes(0xF0, 0x90, 0x80, 0x80, 0xF4, 0x8F, 0xBF, 0xBF))).isEqualTo(-1);
        assertThat(Utf8.firstMalformed(bytes(0xF0, 0x8F, 0xBF, 0xBF))).as("overlong four bytes").isEqualTo(0);
        assertThat(Utf8.firstMalformed(bytes('x', 'y', 0xF4, 0x90, 0x80, 0x80))).as("beyond U+10FFFF").isEqualTo(2);
        assertThat(Utf8.firstMalformed(bytes(0xF5, 0x80, 0x80, 0x80))).isEqualTo(0);
        assertThat(Utf8.firstMalformed(bytes('a', 0xE2, 0x82))).as("cut short at the end").isEqualTo(1);
        assertThat(Utf8.firstMalformed(bytes(0x80))).as("a stray continuation byte").isEqualTo(0);
        assertThat(Utf8.firstMalformed(bytes(0xE2, 0x82, 0x41))).as("a continuation missing").isEqualTo(0);
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    /** Short arrays of the bytes where UTF-8's rules change: a random byte is almost never a sequence's edge. */
    @Provide
    Arbitrary<byte[]> nearlyUtf8() {
        List<Integer> edges = List.of(0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
                0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF);
        Arbitrary<Byte> edge = Arbitraries.of(edges).map(Integer::byteValue);
        Arbitrary<Byte> any = Arbitraries.bytes();
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, edge), net.jqwik.api.Tuple.of(1, any))
                .list().ofMaxSize(12)
                .map(list -> {
                    byte[] out = new byte[list.size()];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = list.get(i);
                    }
                    return out;
                });
    }
}

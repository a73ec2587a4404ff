package org.releasewatch.sources;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.releasewatch.sources.format.ListFormat;
import org.releasewatch.sources.format.OfacSdnXml;

import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 300 MB text node is refused with a clear error naming the limit, in a JVM whose heap is capped at 256 MB
 * ({@code -Xmx256m}): the reader checks a text node's size piece by piece and never holds the whole of it. The
 * document is generated as it is read, in the child, so neither JVM ever holds 300 MB.
 */
class HugeXmlNodeTest {

    static final long HUGE = 300L * 1024 * 1024;

    /** The child JVM: reads a generated SDN document with one huge part ({@code args[0]}) and prints the outcome. */
    public static void main(String[] args) throws Exception {
        String where = args[0];
        String head = "<?xml version=\"1.0\"?>\n<sdnList><publshInformation><Publish_Date>"
                + (where.equals("header") ? "" : "12/10/2025");
        String mid = where.equals("header") ? "" : "</Publish_Date></publshInformation><sdnEntry><uid>1</uid><lastName>";
        String tail = where.equals("header")
                ? "</Publish_Date></publshInformation><sdnEntry><uid>1</uid><lastName>X</lastName><sdnType>Entity</sdnType></sdnEntry></sdnList>"
                : "</lastName><sdnType>Entity</sdnType></sdnEntry></sdnList>";
        InputStream in = new SequenceInputStream(java.util.Collections.enumeration(List.of(
                new java.io.ByteArrayInputStream((head + mid).getBytes(StandardCharsets.UTF_8)),
                new Repeated((byte) 'A', HUGE),
                new java.io.ByteArrayInputStream(tail.getBytes(StandardCharsets.UTF_8)))));
        try {
            ParsedList list = ParsedList.read(new OfacSdnXml(), in, 10);
            System.out.println("read " + list.entries().size() + " entries");
        } catch (ListFormat.MalformedListException e) {
            System.out.println("refused: " + e.getMessage());
        }
        System.out.println("max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB");
    }

    @ParameterizedTest(name = "a 300 MB text node in {0} is refused with the heap capped at 256 MB")
    @CsvSource({"entry, lastName", "header, Publish_Date"})
    void a300MegabyteTextNodeIsRefusedWithTheHeapCappedAt256Megabytes(String where, String element) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                HugeXmlNodeTest.class.getName(), where)
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).as(output).contains("refused: not a complete XML document at line 2 after 0 entries: element <"
                + element + "> has more than 16384 characters of text (the limit of one element's text in a list)");
    }

    /** {@code count} copies of one byte, made as they are read. */
    static final class Repeated extends InputStream {
        private final byte b;
        private long left;

        Repeated(byte b, long count) {
            this.b = b;
            this.left = count;
        }

        @Override
        public int read() {
            if (left <= 0) {
                return -1;
            }
            left--;
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(buffer, off, off + n, b);
            left -= n;
            return n;
        }
    }
}

package org.releasewatch.sources;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.releasewatch.sources.format.OfacSdnXml;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.BufferedInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 50 MB list in the SDN format is read, as the service reads it, in a JVM whose heap is capped at 256 MB
 * ({@code -Xmx256m}): the parser holds one entry at a time, never the document. The file is generated on the fly
 * (entries of the fixture's shape, each with a few addresses, aliases and a long remark).
 */
class LargeListMemoryTest {

    static final long SIZE = 50L * 1024 * 1024;

    /** The child JVM: reads the file and prints the entry count. */
    public static void main(String[] args) throws Exception {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(Path.of(args[0])))) {
            ParsedList list = ParsedList.read(new OfacSdnXml(), in, 1_000_000);
            System.out.println("entries=" + list.entries().size());
        }
    }

    @Test
    void a50MegabyteSdnFileIsReadWithTheHeapCappedAt256Megabytes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sdn-50mb.xml");
        int written = generate(file);
        assertThat(Files.size(file)).isGreaterThanOrEqualTo(SIZE);

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                LargeListMemoryTest.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).as("every generated entry was read").contains("entries=" + written);
    }

    /** Writes SDN entries until the file is at least 50 MB; returns how many. */
    static int generate(Path file) throws IOException {
        String[] programmes = {"BELARUS-EO14038", "RUSSIA-EO14024", "IRAN", "DPRK3", "SDGT", "CYBER2", "VENEZUELA"};
        String[] countries = {"Belarus", "Russia", "Iran", "Korea, North", "Lebanon", "Germany", "Venezuela"};
        String remark = "Linked To: TEST HOLDING COMPANY; ".repeat(20);
        int n = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("<?xml version=\"1.0\" standalone=\"yes\"?>\n<sdnList xmlns=\"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML\">\n");
            w.write("<publshInformation><Publish_Date>12/10/2025</Publish_Date></publshInformation>\n");
            long size = 0;
            while (size < SIZE) {
                int k = n % programmes.length;
                StringBuilder e = new StringBuilder(2048);
                e.append("<sdnEntry><uid>").append(100000 + n).append("</uid><lastName>GENERATED ENTITY NUMBER ").append(n)
                        .append("</lastName><sdnType>Entity</sdnType><programList><program>").append(programmes[k])
                        .append("</program></programList><remarks>").append(remark).append("</remarks><akaList>");
                for (int a = 0; a < 3; a++) {
                    e.append("<aka><uid>").append(n * 10 + a).append("</uid><type>a.k.a.</type><category>strong</category><lastName>ALIAS ")
                            .append(a).append(" OF ").append(n).append("</lastName></aka>");
                }
                e.append("</akaList><addressList>");
                for (int a = 0; a < 3; a++) {
                    e.append("<address><uid>").append(n * 10 + a).append("</uid><address1>").append(a + 1)
                            .append(" Test Street</address1><city>Test City</city><country>").append(countries[(k + a) % countries.length])
                            .append("</country></address>");
                }
                e.append("</addressList></sdnEntry>\n");
                w.write(e.toString());
                size += e.length();
                n++;
            }
            w.write("</sdnList>\n");
        }
        return n;
    }
}

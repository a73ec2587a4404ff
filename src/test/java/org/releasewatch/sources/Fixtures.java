package org.releasewatch.sources;

import org.releasewatch.sources.format.ListFormat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The hand-written list fixtures under {@code src/test/resources/sources/}. */
public final class Fixtures {

    private Fixtures() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream("sources/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture sources/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), java.nio.charset.StandardCharsets.UTF_8);
    }

    public static ParsedList parse(ListFormat format, String name) throws Exception {
        return parse(format, bytes(name));
    }

    public static ParsedList parse(ListFormat format, byte[] document) throws Exception {
        return ParsedList.read(format, new ByteArrayInputStream(document), 1_000_000);
    }

    /** The SDN fixture without one {@code <sdnEntry>}, with its Record_Count and Publish_Date updated. */
    public static String sdnWithout(String uid, String publishDate) {
        String xml = text("sdn.xml");
        int at = xml.indexOf("<uid>" + uid + "</uid>");
        int start = xml.lastIndexOf("<sdnEntry>", at);
        int end = xml.indexOf("</sdnEntry>", at) + "</sdnEntry>".length();
        String without = xml.substring(0, start) + xml.substring(end);
        int count = without.split("<sdnEntry>", -1).length - 1;
        return without.replaceFirst("<Record_Count>\\d+</Record_Count>", "<Record_Count>" + count + "</Record_Count>")
                .replaceFirst("<Publish_Date>[^<]+</Publish_Date>", "<Publish_Date>" + publishDate + "</Publish_Date>");
    }
}

package org.releasewatch.sources.format;

import org.releasewatch.sources.ListEntry;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The streaming walk the XML formats share: check the root element, then read entry after entry (one
 * {@link XmlNode} at a time) and the few header elements in between. A document that ends early is not
 * well-formed XML, so a truncated download always fails here.
 */
abstract class StreamingXmlFormat implements ListFormat {

    /** What the header elements said. */
    static final class Header {
        Instant publishedAt;
        Integer declaredCount;
    }

    abstract String rootElement();

    abstract Set<String> entryElements();

    /** Reads a header element the walk met outside any entry (the reader is on its start element). */
    void header(String element, XMLStreamReader reader, Header header) throws XMLStreamException {
    }

    /** The publication time from the root element's attributes, if the format puts it there. */
    Instant rootDate(XMLStreamReader reader) {
        return null;
    }

    abstract ListEntry entry(XmlNode node) throws MalformedListException;

    @Override
    public Publication parse(InputStream in, Consumer<ListEntry> entries) throws MalformedListException, IOException {
        int count = 0;
        Header header = new Header();
        try {
            XMLStreamReader reader = XmlNode.reader(in);
            String root = XmlNode.nextStart(reader);
            if (root == null) {
                throw new MalformedListException("the document is empty");
            }
            if (!root.equals(rootElement())) {
                throw new MalformedListException("the root element is <" + root + ">, not <" + rootElement()
                        + ">: this is not a " + name() + " document");
            }
            header.publishedAt = rootDate(reader);
            String element;
            while ((element = XmlNode.nextStart(reader)) != null) {
                if (entryElements().contains(element)) {
                    entries.accept(entry(XmlNode.read(reader)));
                    count++;
                } else {
                    header(element, reader, header);
                }
            }
        } catch (XMLStreamException e) {
            Throwable cause = e.getNestedException() != null ? e.getNestedException() : e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNumber();
            throw new MalformedListException("not a complete XML document" + at + " after " + count + " entries: "
                    + firstLine(e.getMessage()), e);
        }
        if (count == 0) {
            throw new MalformedListException("no " + entryElements() + " element found: this is not a " + name() + " document");
        }
        if (header.declaredCount != null && header.declaredCount != count) {
            throw new MalformedListException("the document declares " + header.declaredCount + " entries but has " + count);
        }
        return new Publication(header.publishedAt, header.declaredCount);
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String m = message.strip();
        int i = m.lastIndexOf("Message: ");
        if (i >= 0) {
            m = m.substring(i + 9);
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    static String required(String value, String what) throws MalformedListException {
        if (value == null || value.isBlank()) {
            throw new MalformedListException("an entry has no " + what);
        }
        return value.trim();
    }

    static String join(String... parts) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (p != null && !p.isBlank()) {
                if (!sb.isEmpty()) {
                    sb.append(' ');
                }
                sb.append(p.trim());
            }
        }
        return sb.isEmpty() ? null : sb.toString();
    }
}

package org.releasewatch.cap;

import org.releasewatch.model.Alert;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Messages of the alerts topic as an Atom feed (RFC 4287; contract v1.2, step 6): one entry per message, newest
 * first, each with its page ({@code text/html}) and its CAP 1.2 document ({@code application/cap+xml}) as
 * alternates. Written with the JDK's StAX writer.
 */
public final class AtomRenderer {

    public static final String MEDIA_TYPE = "application/atom+xml";
    static final String ATOM = "http://www.w3.org/2005/Atom";
    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

    private final CapSettings settings;

    public AtomRenderer(CapSettings settings) {
        this.settings = settings;
    }

    /** @param self the feed's own address, query included (its {@code id} and {@code rel="self"} link) */
    public byte[] render(List<Alert> newestFirst, String self) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            XMLStreamWriter w = XML.createXMLStreamWriter(out, StandardCharsets.UTF_8.name());
            w.writeStartDocument(StandardCharsets.UTF_8.name(), "1.0");
            w.writeStartElement("feed");
            w.writeDefaultNamespace(ATOM);
            text(w, "id", self);
            text(w, "title", "releasewatch alerts");
            text(w, "updated", time(newestFirst.isEmpty() ? Instant.EPOCH : sent(newestFirst.get(0))));
            link(w, "self", MEDIA_TYPE, self);
            w.writeStartElement("author");
            text(w, "name", "releasewatch");
            text(w, "email", settings.sender());
            w.writeEndElement();
            for (Alert a : newestFirst) {
                entry(w, a);
            }
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the Atom feed", e);
        }
        return out.toByteArray();
    }

    private void entry(XMLStreamWriter w, Alert a) throws XMLStreamException {
        String page = settings.links().alert(a.id());
        w.writeStartElement("entry");
        text(w, "id", page);
        text(w, "title", (a.change() == null ? "" : prefix(a)) + a.title());
        text(w, "updated", time(sent(a)));
        text(w, "published", time(sent(a)));
        w.writeEmptyElement("category");
        w.writeAttribute("term", a.rule().name());
        w.writeEmptyElement("category");
        w.writeAttribute("term", a.severity().wire());
        w.writeAttribute("label", "severity");
        link(w, "alternate", "text/html", page);
        link(w, "alternate", CapRenderer.MEDIA_TYPE, cap(a.id()));
        text(w, "summary", a.change() == null ? a.title() : a.change());
        w.writeEndElement();
    }

    /** Where the CAP document of a message is: {@code /api/alerts/{id}.cap} under the public URL. */
    public String cap(String id) {
        return settings.links().base() + "/api/alerts/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + ".cap";
    }

    private static String prefix(Alert a) {
        return switch (a.type()) {
            case UPDATE -> "Update: ";
            case CANCEL -> "Withdrawn: ";
            case ALERT -> "";
        };
    }

    private static Instant sent(Alert a) {
        return a.emittedAt() != null ? a.emittedAt() : a.occurredAt();
    }

    private static String time(Instant at) {
        return DateTimeFormatter.ISO_INSTANT.format(at);
    }

    private static void link(XMLStreamWriter w, String rel, String type, String href) throws XMLStreamException {
        w.writeEmptyElement("link");
        w.writeAttribute("rel", rel);
        w.writeAttribute("type", type);
        w.writeAttribute("href", href);
    }

    private static void text(XMLStreamWriter w, String element, String value) throws XMLStreamException {
        w.writeStartElement(element);
        w.writeCharacters(value == null ? "" : value);
        w.writeEndElement();
    }
}

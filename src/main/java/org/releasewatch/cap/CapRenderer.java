package org.releasewatch.cap;

import org.releasewatch.i18n.Catalogue;
import org.releasewatch.i18n.ChangeLines;
import org.releasewatch.i18n.Language;
import org.releasewatch.i18n.Titles;
import com.fasterxml.jackson.databind.JsonNode;
import org.releasewatch.model.Alert;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One message of a thread as an OASIS CAP 1.2 {@code alert} (contract v1.2, step 6), written with the JDK's
 * StAX writer so every value is escaped by the XML library. The figures of {@code details} (its numbers, and
 * the confidence and corroboration words) become {@code parameter}s, at most {@link #MAX_PARAMETERS}.
 */
public final class CapRenderer {

    public static final String MEDIA_TYPE = "application/cap+xml";
    public static final String NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2";
    static final int MAX_PARAMETERS = 50;
    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

    private final CapSettings settings;

    public CapRenderer(CapSettings settings) {
        this.settings = settings;
    }

    /**
     * @param sentOf the emission time of a referenced message, by id (empty when the history no longer has it:
     *               this message's own time stands in, CAP needing a time in each reference)
     */
    public byte[] render(Alert alert, Function<String, java.util.Optional<Instant>> sentOf) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        try {
            XMLStreamWriter w = XML.createXMLStreamWriter(out, StandardCharsets.UTF_8.name());
            w.writeStartDocument(StandardCharsets.UTF_8.name(), "1.0");
            w.writeStartElement("alert");
            w.writeDefaultNamespace(NAMESPACE);
            Instant sent = alert.emittedAt() != null ? alert.emittedAt() : alert.occurredAt();
            text(w, "identifier", alert.id());
            text(w, "sender", settings.sender());
            text(w, "sent", CapTerms.time(sent));
            text(w, "status", "Actual");
            text(w, "msgType", CapTerms.msgType(alert.type()));
            text(w, "scope", settings.scope());
            if ("Restricted".equals(settings.scope())) {
                text(w, "restriction", "releasewatch subscribers");
            }
            if (alert.change() != null) {
                text(w, "note", alert.change());
            }
            if (!alert.references().isEmpty()) {
                List<String> triples = new ArrayList<>();
                for (String id : alert.references()) {
                    triples.add(settings.sender() + "," + id + "," + CapTerms.time(sentOf.apply(id).orElse(sent)));
                }
                text(w, "references", String.join(" ", triples));
            }
            info(w, alert);
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write CAP for alert " + alert.id(), e);
        }
        return out.toByteArray();
    }

    /** The {@code info} in the instance's language: its {@code event}, {@code headline} and {@code areaDesc}. */
    private void info(XMLStreamWriter w, Alert alert) throws XMLStreamException {
        Language language = settings.language();
        Catalogue words = Catalogue.of(language);
        w.writeStartElement("info");
        text(w, "language", language.capLanguage());
        text(w, "category", "Other");
        text(w, "event", words.text("cap.event." + alert.rule().name()));
        text(w, "urgency", "Immediate");
        text(w, "severity", CapTerms.severity(alert.severity()));
        text(w, "certainty", CapTerms.certainty(alert));
        text(w, "onset", CapTerms.time(alert.occurredAt()));
        text(w, "senderName", "releasewatch");
        text(w, "headline", Titles.of(alert, language));
        if (alert.change() != null) {
            text(w, "description", ChangeLines.say(alert.change(), words));
        }
        text(w, "web", settings.links().alert(alert.id()));
        int n = 0;
        for (Map.Entry<String, String> p : figures(alert.details())) {
            if (n++ == MAX_PARAMETERS) {
                break;
            }
            w.writeStartElement("parameter");
            text(w, "valueName", p.getKey());
            text(w, "value", p.getValue());
            w.writeEndElement();
        }
        w.writeStartElement("area");
        text(w, "areaDesc", words.country(alert.country()));
        w.writeStartElement("geocode");
        text(w, "valueName", "ISO 3166-1 alpha-2");
        text(w, "value", alert.country());
        w.writeEndElement();
        w.writeEndElement();
        w.writeEndElement();
    }

    /** Numbers of {@code details} (one level of nesting, e.g. {@code byDestination.UA}) and its confidence words. */
    static List<Map.Entry<String, String>> figures(JsonNode details) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        if (details == null || !details.isObject()) {
            return out;
        }
        details.fields().forEachRemaining(f -> {
            JsonNode v = f.getValue();
            if (v.isNumber() || (v.isTextual() && (f.getKey().equals("confidence") || f.getKey().equals("corroboration")))) {
                out.add(Map.entry(f.getKey(), v.asText()));
            } else if (v.isObject()) {
                v.fields().forEachRemaining(g -> {
                    if (g.getValue().isNumber()) {
                        out.add(Map.entry(f.getKey() + "." + g.getKey(), g.getValue().asText()));
                    }
                });
            }
        });
        return out;
    }

    private static void text(XMLStreamWriter w, String element, String value) throws XMLStreamException {
        w.writeStartElement(element);
        w.writeCharacters(value == null ? "" : value);
        w.writeEndElement();
    }
}

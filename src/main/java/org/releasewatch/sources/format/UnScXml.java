package org.releasewatch.sources.format;

import org.releasewatch.sources.ListEntry;

import javax.xml.stream.XMLStreamReader;
import java.time.Instant;
import java.util.Set;

/**
 * The UN Security Council consolidated list ({@code consolidated.xml}, no namespace):
 * {@code <CONSOLIDATED_LIST dateGenerated="…">} with {@code <INDIVIDUALS><INDIVIDUAL>} and
 * {@code <ENTITIES><ENTITY>}: {@code REFERENCE_NUMBER} (e.g. {@code KPi.033}, the id the UN publishes; the
 * internal {@code DATAID} when it is missing), {@code FIRST_NAME} … {@code FOURTH_NAME}, {@code UN_LIST_TYPE} (the
 * sanctions regime, used as the programme), {@code NATIONALITY/VALUE}, {@code INDIVIDUAL_ADDRESS/COUNTRY},
 * {@code ENTITY_ADDRESS/COUNTRY}. The list has no vessel or aircraft kind.
 */
public final class UnScXml extends StreamingXmlFormat {

    @Override
    public String name() {
        return "un-sc-xml";
    }

    @Override
    public String issuer() {
        return "UN";
    }

    @Override
    public String title() {
        return "UN Security Council consolidated list";
    }

    @Override
    String rootElement() {
        return "CONSOLIDATED_LIST";
    }

    @Override
    Set<String> entryElements() {
        return Set.of("INDIVIDUAL", "ENTITY");
    }

    @Override
    Instant rootDate(XMLStreamReader reader) {
        return Dates.parse(reader.getAttributeValue(null, "dateGenerated"), null);
    }

    @Override
    ListEntry entry(XmlNode e) throws MalformedListException {
        String reference = e.text("REFERENCE_NUMBER");
        EntryBuilder b = new EntryBuilder(required(reference != null ? reference : e.text("DATAID"),
                "<REFERENCE_NUMBER> or <DATAID>"));
        boolean person = e.name().equals("INDIVIDUAL");
        b.kind(person ? "person" : "company");
        b.name(join(e.text("FIRST_NAME"), e.text("SECOND_NAME"), e.text("THIRD_NAME"), e.text("FOURTH_NAME")));
        b.programme(e.text("UN_LIST_TYPE"));
        e.texts("NATIONALITY/VALUE").forEach(b::nationality);
        e.texts(person ? "INDIVIDUAL_ADDRESS/COUNTRY" : "ENTITY_ADDRESS/COUNTRY").forEach(b::addressCountry);
        return b.build();
    }
}

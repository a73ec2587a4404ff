package org.releasewatch.sources.format;

import org.releasewatch.sources.ListEntry;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.util.Locale;
import java.util.Set;

/**
 * OFAC's Specially Designated Nationals list, {@code sdn.xml}: {@code <sdnList>} (namespace
 * {@code https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML}, formerly
 * {@code http://tempuri.org/sdnList.xsd}) with {@code <publshInformation>} (sic) and one {@code <sdnEntry>} per
 * entry: {@code uid}, {@code firstName}, {@code lastName}, {@code sdnType} (Individual, Entity, Vessel, Aircraft),
 * {@code programList/program}, {@code addressList/address/country}, {@code nationalityList/nationality/country},
 * {@code citizenshipList/citizenship/country}, {@code vesselInfo/vesselFlag}.
 */
public final class OfacSdnXml extends StreamingXmlFormat {

    @Override
    public String name() {
        return "ofac-sdn-xml";
    }

    @Override
    public String issuer() {
        return "US";
    }

    @Override
    public String title() {
        return "OFAC SDN list";
    }

    @Override
    String rootElement() {
        return "sdnList";
    }

    @Override
    Set<String> entryElements() {
        return Set.of("sdnEntry");
    }

    @Override
    void header(String element, XMLStreamReader reader, Header header) throws XMLStreamException {
        if (element.equals("Publish_Date")) {
            header.publishedAt = Dates.parse(XmlNode.text(reader), "MM/dd/yyyy");
        } else if (element.equals("Record_Count")) {
            try {
                header.declaredCount = Integer.valueOf(XmlNode.text(reader).trim());
            } catch (NumberFormatException e) {
                header.declaredCount = null;
            }
        }
    }

    @Override
    ListEntry entry(XmlNode e) throws MalformedListException {
        EntryBuilder b = new EntryBuilder(required(e.text("uid"), "<uid>"));
        String type = e.text("sdnType") == null ? "" : e.text("sdnType").toLowerCase(Locale.ROOT);
        b.kind(switch (type) {
            case "individual" -> "person";
            case "entity" -> "company";
            case "vessel" -> "vessel";
            case "aircraft" -> "aircraft";
            default -> "other";
        });
        b.name(join(e.text("firstName"), e.text("lastName")));
        e.texts("programList/program").forEach(b::programme);
        e.texts("addressList/address/country").forEach(b::addressCountry);
        e.texts("nationalityList/nationality/country").forEach(b::nationality);
        e.texts("citizenshipList/citizenship/country").forEach(b::nationality);
        e.texts("vesselInfo/vesselFlag").forEach(b::nationality);
        return b.build();
    }
}

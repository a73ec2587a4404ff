package org.releasewatch.sources.format;

import org.releasewatch.sources.ListEntry;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The UK Sanctions List published by the FCDO ({@code UK_Sanctions_List.xml}, no namespace), which since
 * 28 January 2026 is the UK's only official list (OFSI's Consolidated List of Asset Freeze Targets was retired
 * then). The format keeps the contract's name {@code uk-ofsi-xml}. {@code <Designations>} with
 * {@code <DateGenerated>} (dd/MM/yyyy) and one {@code <Designation>} per entry: {@code UniqueID} (e.g.
 * {@code RUS0251}; its letters name the regime and are used as the programme, because {@code RegimeName} is the
 * regulation's long title), {@code Names/Name} ({@code Name1}…{@code Name6}, {@code NameType}),
 * {@code IndividualEntityShip}, {@code Addresses/Address/AddressCountry},
 * {@code IndividualDetails/Individual/Nationalities/Nationality},
 * {@code ShipDetails/Ship/CurrentBelievedFlagOfShips/CurrentBelievedFlagOfShip}.
 */
public final class UkSanctionsListXml extends StreamingXmlFormat {

    private static final Pattern REGIME = Pattern.compile("^([A-Za-z]+)\\d");

    @Override
    public String name() {
        return "uk-ofsi-xml";
    }

    @Override
    public String issuer() {
        return "GB";
    }

    @Override
    public String title() {
        return "UK Sanctions List";
    }

    @Override
    String rootElement() {
        return "Designations";
    }

    @Override
    Set<String> entryElements() {
        return Set.of("Designation");
    }

    @Override
    void header(String element, XMLStreamReader reader, Header header) throws XMLStreamException {
        if (element.equals("DateGenerated")) {
            header.publishedAt = Dates.parse(XmlNode.text(reader), "dd/MM/yyyy");
        }
    }

    @Override
    ListEntry entry(XmlNode e) throws MalformedListException {
        String id = required(e.text("UniqueID"), "<UniqueID>");
        EntryBuilder b = new EntryBuilder(id);
        String type = e.text("IndividualEntityShip") == null ? "" : e.text("IndividualEntityShip").toLowerCase(Locale.ROOT);
        b.kind(switch (type) {
            case "individual" -> "person";
            case "entity" -> "company";
            case "ship" -> "vessel";
            default -> "other";
        });
        for (XmlNode n : e.all("Names/Name")) {
            if ("Primary Name".equalsIgnoreCase(n.text("NameType"))) {
                b.name(name(n));
            }
        }
        e.all("Names/Name").forEach(n -> b.name(name(n)));
        Matcher regime = REGIME.matcher(id);
        if (regime.find()) {
            b.programme(regime.group(1).toUpperCase(Locale.ROOT));
        }
        e.texts("Addresses/Address/AddressCountry").forEach(b::addressCountry);
        e.texts("IndividualDetails/Individual/Nationalities/Nationality").forEach(b::nationality);
        e.texts("ShipDetails/Ship/CurrentBelievedFlagOfShips/CurrentBelievedFlagOfShip").forEach(b::nationality);
        return b.build();
    }

    private static String name(XmlNode n) {
        return join(n.text("Name1"), n.text("Name2"), n.text("Name3"), n.text("Name4"), n.text("Name5"), n.text("Name6"));
    }
}

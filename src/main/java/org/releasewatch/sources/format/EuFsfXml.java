package org.releasewatch.sources.format;

import org.releasewatch.sources.ListEntry;

import javax.xml.stream.XMLStreamReader;
import java.time.Instant;
import java.util.Set;

/**
 * The EU's consolidated list of persons, groups and entities subject to financial sanctions (Financial Sanctions
 * Files, {@code xmlFullSanctionsList_1_1}): {@code <export xmlns="http://eu.europa.ec/fpi/fsd/export"
 * generationDate="…">} with one {@code <sanctionEntity logicalId="…">} per entry: {@code regulation/@programme},
 * {@code subjectType/@code} (person, enterprise), {@code nameAlias/@wholeName} (the first, or the one marked
 * {@code strong}), {@code address/@countryIso2Code}, {@code citizenship/@countryIso2Code}.
 */
public final class EuFsfXml extends StreamingXmlFormat {

    @Override
    public String name() {
        return "eu-fsf-xml";
    }

    @Override
    public String issuer() {
        return "EU";
    }

    @Override
    public String title() {
        return "EU consolidated financial sanctions list";
    }

    @Override
    String rootElement() {
        return "export";
    }

    @Override
    Set<String> entryElements() {
        return Set.of("sanctionEntity");
    }

    @Override
    Instant rootDate(XMLStreamReader reader) {
        return Dates.parse(reader.getAttributeValue(null, "generationDate"), null);
    }

    @Override
    ListEntry entry(XmlNode e) throws MalformedListException {
        EntryBuilder b = new EntryBuilder(required(e.attribute("logicalId"), "logicalId attribute"));
        XmlNode subject = e.child("subjectType");
        String code = subject == null ? null : subject.attribute("code");
        b.kind("person".equals(code) ? "person" : "enterprise".equals(code) ? "company" : "other");
        for (XmlNode alias : e.children("nameAlias")) {
            if ("true".equals(alias.attribute("strong"))) {
                b.name(alias.attribute("wholeName"));
            }
        }
        e.children("nameAlias").forEach(a -> b.name(a.attribute("wholeName")));
        e.children("regulation").forEach(r -> b.programme(r.attribute("programme")));
        for (XmlNode a : e.children("address")) {
            b.addressCountry(a.attribute("countryIso2Code") != null && !"00".equals(a.attribute("countryIso2Code"))
                    ? a.attribute("countryIso2Code") : a.attribute("countryDescription"));
        }
        for (XmlNode c : e.children("citizenship")) {
            b.nationality(c.attribute("countryIso2Code") != null && !"00".equals(c.attribute("countryIso2Code"))
                    ? c.attribute("countryIso2Code") : c.attribute("countryDescription"));
        }
        return b.build();
    }
}

package org.releasewatch.cap;

import org.w3c.dom.Document;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import java.io.ByteArrayInputStream;

/** The tests' XML Schema of CAP 1.2 ({@code cap/cap-1.2.xsd}), with the JDK's {@code javax.xml.validation}. */
public final class CapSchema {

    private static final Schema SCHEMA;

    static {
        try {
            SCHEMA = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                    .newSchema(new StreamSource(CapSchema.class.getResource("/cap/cap-1.2.xsd").toString()));
        } catch (SAXException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private CapSchema() {
    }

    /** Validates the document and gives it back parsed (namespace-aware); throws naming the first problem. */
    public static Document valid(byte[] xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
            SCHEMA.newValidator().validate(new DOMSource(doc));
            return doc;
        } catch (Exception e) {
            throw new AssertionError("not valid CAP 1.2: " + e.getMessage() + "\n" + new String(xml, java.nio.charset.StandardCharsets.UTF_8), e);
        }
    }

    /** The text of the first element of that local name in CAP's namespace, or null. */
    public static String text(Document doc, String element) {
        var nodes = doc.getElementsByTagNameNS(CapRenderer.NAMESPACE, element);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }
}

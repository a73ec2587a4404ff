package org.releasewatch.sources.format;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One list entry's element read into a small tree, so a format can read its fields by name. The document itself
 * is never held: a parser moves a StAX reader from entry to entry and reads only the current entry this way, so
 * memory stays flat however long the list is. An entry is bounded ({@link #MAX_NODES} elements, {@link #MAX_TEXT}
 * characters of text each), and so are the header elements read between entries ({@link #text}): a list that
 * breaks the bounds is malformed. The reader does not coalesce text, so a text node arrives in pieces of the
 * parser's buffer and the bound is checked piece by piece — a coalescing reader would build the whole node
 * (hundreds of MB from a hostile or broken download) before anything could look at its size. Namespaces are
 * ignored (local names): OFAC has published {@code sdn.xml} under two namespaces.
 */
public final class XmlNode {

    static final int MAX_NODES = 5_000;
    static final int MAX_TEXT = 16_384;

    private final String name;
    private final Map<String, String> attributes;
    private final List<XmlNode> children = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();

    private XmlNode(String name, Map<String, String> attributes) {
        this.name = name;
        this.attributes = attributes;
    }

    /** A StAX reader that reads no DTD and resolves no external entity (the lists come from the network). */
    public static XMLStreamReader reader(InputStream in) throws XMLStreamException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false); // see the class comment: bounded piece by piece
        return factory.createXMLStreamReader(in);
    }

    /** Moves to the next start element and returns its local name, or null at the end of the document. */
    public static String nextStart(XMLStreamReader r) throws XMLStreamException {
        while (r.hasNext()) {
            if (r.next() == XMLStreamConstants.START_ELEMENT) {
                return r.getLocalName();
            }
        }
        return null;
    }

    /** Reads the element the reader is on (a start element) and everything in it; leaves it on its end element. */
    public static XmlNode read(XMLStreamReader r) throws XMLStreamException {
        XmlNode root = open(r);
        List<XmlNode> stack = new ArrayList<>();
        stack.add(root);
        int nodes = 1;
        while (!stack.isEmpty()) {
            int event = r.next();
            XmlNode current = stack.get(stack.size() - 1);
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    if (++nodes > MAX_NODES) {
                        throw new XMLStreamException("entry <" + root.name + "> has more than " + MAX_NODES + " elements", r.getLocation());
                    }
                    XmlNode child = open(r);
                    current.children.add(child);
                    stack.add(child);
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        append(r, current.name, current.text);
                case XMLStreamConstants.END_ELEMENT -> stack.remove(stack.size() - 1);
                default -> {
                    // comments, processing instructions, whitespace outside text
                }
            }
        }
        return root;
    }

    /**
     * The text of the element the reader is on (a start element), at most {@link #MAX_TEXT} characters; leaves the
     * reader on its end element. For the header elements a format reads between entries; child elements' text counts.
     */
    public static String text(XMLStreamReader r) throws XMLStreamException {
        String name = r.getLocalName();
        StringBuilder text = new StringBuilder();
        int depth = 1;
        while (depth > 0) {
            switch (r.next()) {
                case XMLStreamConstants.START_ELEMENT -> depth++;
                case XMLStreamConstants.END_ELEMENT -> depth--;
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> append(r, name, text);
                case XMLStreamConstants.END_DOCUMENT -> throw new XMLStreamException("the document ends inside <" + name + ">", r.getLocation());
                default -> {
                    // comments, processing instructions
                }
            }
        }
        return text.toString();
    }

    private static void append(XMLStreamReader r, String element, StringBuilder text) throws XMLStreamException {
        if (text.length() + r.getTextLength() > MAX_TEXT) {
            throw new XMLStreamException("element <" + element + "> has more than " + MAX_TEXT
                    + " characters of text (the limit of one element's text in a list)", r.getLocation());
        }
        text.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
    }

    private static XmlNode open(XMLStreamReader r) {
        Map<String, String> attributes = new HashMap<>();
        for (int i = 0; i < r.getAttributeCount(); i++) {
            attributes.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
        }
        return new XmlNode(r.getLocalName(), attributes);
    }

    public String name() {
        return name;
    }

    /** The trimmed text of this element (null when empty). */
    public String text() {
        String t = text.toString().trim();
        return t.isEmpty() ? null : t;
    }

    public String attribute(String name) {
        String v = attributes.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    public XmlNode child(String name) {
        for (XmlNode c : children) {
            if (c.name.equals(name)) {
                return c;
            }
        }
        return null;
    }

    public List<XmlNode> children(String name) {
        return children.stream().filter(c -> c.name.equals(name)).toList();
    }

    /** The text of the first child called {@code name}, or null. */
    public String text(String name) {
        XmlNode c = child(name);
        return c == null ? null : c.text();
    }

    /** Every element at {@code path} below this one ({@code "addressList/address/country"}). */
    public List<XmlNode> all(String path) {
        List<XmlNode> level = List.of(this);
        for (String step : path.split("/")) {
            List<XmlNode> next = new ArrayList<>();
            for (XmlNode n : level) {
                next.addAll(n.children(step));
            }
            level = next;
        }
        return level;
    }

    /** The texts of every element at {@code path}. */
    public List<String> texts(String path) {
        return all(path).stream().map(XmlNode::text).filter(t -> t != null).toList();
    }
}

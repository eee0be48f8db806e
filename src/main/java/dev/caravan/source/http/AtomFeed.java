package dev.caravan.source.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * {@code format: atom}: an OData v2 Atom feed (WCF Data Services, MarketSharp) read with StAX into
 * the JSON view the engine's pointers work on: {@code {"entries":[{field: value…}], "next": url}}.
 * Each {@code <entry>}'s {@code <m:properties>} children become fields by local name;
 * {@code m:null="true"} is JSON null; {@code Edm.Boolean} a boolean, integer and decimal types
 * numbers, every other value (dates included) its text. A feed-level {@code <link rel="next">} is
 * {@code next}. Inline {@code $expand} entries under an entry's links are skipped.
 *
 * <p>C0 control characters XML 1.0 forbids are blanked first ({@link XmlChars}).
 *
 * <p>Safe by construction: DTDs and external entities are disabled and a DOCTYPE is refused, so
 * no entity expansion or outside fetch can happen; no DOM is built (memory: the capped body and
 * one page's records).
 */
final class AtomFeed {

    static final String ATOM = "http://www.w3.org/2005/Atom";
    static final String METADATA = "http://schemas.microsoft.com/ado/2007/08/dataservices/metadata";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final XMLInputFactory XML = safeFactory();

    private AtomFeed() {
    }

    private static XMLInputFactory safeFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory(); // the JDK's own, whatever the classpath holds
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    /** The feed (or a single entry) as {@code {"entries":[…], "next": …}}; {@code what} names the request in errors. */
    static JsonNode parse(byte[] body, String what) {
        XMLStreamReader r = null;
        try {
            r = XML.createXMLStreamReader(new ByteArrayInputStream(XmlChars.clean(body)));
            ObjectNode out = NODES.objectNode();
            ArrayNode entries = out.putArray("entries");
            int root = toRoot(r, what);
            if (root == -1) {
                throw new BadResponseException(what + ": empty response body where an Atom feed was expected");
            }
            if (!ATOM.equals(r.getNamespaceURI()) || !("feed".equals(r.getLocalName()) || "entry".equals(r.getLocalName()))) {
                throw new BadResponseException(what + ": response is not an Atom feed (root element <" + r.getLocalName() + ">)");
            }
            if ("entry".equals(r.getLocalName())) {
                entries.add(entry(r));
            } else {
                feed(r, out, entries);
            }
            return out;
        } catch (XMLStreamException e) {
            throw new BadResponseException(what + ": response is not valid Atom XML (" + oneLine(e.getMessage()) + ")");
        } finally {
            close(r);
        }
    }

    /** Moves to the root element; -1 when there is none. A DOCTYPE is refused. */
    private static int toRoot(XMLStreamReader r, String what) throws XMLStreamException {
        while (r.hasNext()) {
            int e = r.next();
            if (e == XMLStreamConstants.DTD) {
                throw new BadResponseException(what + ": response has a DOCTYPE; refused (DTDs and entities are never processed)");
            }
            if (e == XMLStreamConstants.START_ELEMENT) {
                return e;
            }
        }
        return -1;
    }

    /** The feed's children: entries, and the rel="next" link. */
    private static void feed(XMLStreamReader r, ObjectNode out, ArrayNode entries) throws XMLStreamException {
        while (r.hasNext()) {
            int e = r.next();
            if (e == XMLStreamConstants.END_ELEMENT) {
                return; // </feed>
            }
            if (e != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            if (ATOM.equals(r.getNamespaceURI()) && "entry".equals(r.getLocalName())) {
                entries.add(entry(r));
            } else if (ATOM.equals(r.getNamespaceURI()) && "link".equals(r.getLocalName())
                    && "next".equals(r.getAttributeValue(null, "rel"))) {
                String href = r.getAttributeValue(null, "href");
                if (href != null && !href.isBlank()) {
                    out.put("next", href.trim());
                }
                skip(r);
            } else {
                skip(r);
            }
        }
    }

    /** One entry: the fields of its m:properties (under content, or beside it for media entries). */
    private static ObjectNode entry(XMLStreamReader r) throws XMLStreamException {
        ObjectNode record = NODES.objectNode();
        int depth = 1;
        while (depth > 0 && r.hasNext()) {
            int e = r.next();
            if (e == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if (e == XMLStreamConstants.START_ELEMENT) {
                if (ATOM.equals(r.getNamespaceURI()) && "link".equals(r.getLocalName())) {
                    skip(r); // navigation links and inline $expand entries are not this record's fields
                } else if (METADATA.equals(r.getNamespaceURI()) && "properties".equals(r.getLocalName())) {
                    properties(r, record);
                } else {
                    depth++;
                }
            }
        }
        return record;
    }

    private static void properties(XMLStreamReader r, ObjectNode into) throws XMLStreamException {
        while (r.hasNext()) {
            int e = r.next();
            if (e == XMLStreamConstants.END_ELEMENT) {
                return;
            }
            if (e == XMLStreamConstants.START_ELEMENT) {
                String name = r.getLocalName();
                into.set(name, value(r));
            }
        }
    }

    /** A property's value; the reader is at its start and ends at its end. Complex values become objects. */
    private static JsonNode value(XMLStreamReader r) throws XMLStreamException {
        boolean isNull = "true".equals(r.getAttributeValue(METADATA, "null"));
        String type = r.getAttributeValue(METADATA, "type");
        StringBuilder text = new StringBuilder();
        ObjectNode complex = null;
        while (r.hasNext()) {
            int e = r.next();
            if (e == XMLStreamConstants.CHARACTERS || e == XMLStreamConstants.CDATA || e == XMLStreamConstants.SPACE) {
                text.append(r.getText());
            } else if (e == XMLStreamConstants.START_ELEMENT) {
                if (complex == null) {
                    complex = NODES.objectNode();
                }
                complex.set(r.getLocalName(), value(r));
            } else if (e == XMLStreamConstants.END_ELEMENT) {
                break;
            }
        }
        if (isNull) {
            return NODES.nullNode();
        }
        if (complex != null) {
            return complex;
        }
        return typed(type, text.toString());
    }

    static JsonNode typed(String type, String text) {
        if (type == null) {
            return NODES.textNode(text);
        }
        String t = text.trim();
        try {
            switch (type) {
                case "Edm.Boolean":
                    if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
                        return NODES.booleanNode(Boolean.parseBoolean(t));
                    }
                    return NODES.textNode(text);
                case "Edm.Byte", "Edm.SByte", "Edm.Int16", "Edm.Int32", "Edm.Int64":
                    return NODES.numberNode(Long.parseLong(t));
                case "Edm.Decimal", "Edm.Double", "Edm.Single":
                    return NODES.numberNode(new BigDecimal(t));
                default:
                    return NODES.textNode(text);
            }
        } catch (NumberFormatException e) {
            return NODES.textNode(text); // INF, NaN or a malformed number: kept as sent, the cleaner decides
        }
    }

    /** The text of an OData XML error body's {@code <message>} (inside {@code <error>}), or null. */
    static String errorMessage(byte[] body) {
        XMLStreamReader r = null;
        try {
            r = XML.createXMLStreamReader(new ByteArrayInputStream(body));
            boolean inError = false;
            while (r.hasNext()) {
                int e = r.next();
                if (e == XMLStreamConstants.DTD) {
                    return null;
                }
                if (e == XMLStreamConstants.START_ELEMENT) {
                    if ("error".equals(r.getLocalName())) {
                        inError = true;
                    } else if (inError && "message".equals(r.getLocalName())) {
                        String m = r.getElementText().strip();
                        return m.isEmpty() ? null : m;
                    }
                }
            }
            return null;
        } catch (XMLStreamException | RuntimeException e) {
            return null;
        } finally {
            close(r);
        }
    }

    /** Skips the current element's subtree (the reader is at its start; ends at its end). */
    private static void skip(XMLStreamReader r) throws XMLStreamException {
        int depth = 1;
        while (depth > 0 && r.hasNext()) {
            int e = r.next();
            if (e == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (e == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
        if (depth > 0) {
            throw new XMLStreamException("the document ends inside an element (truncated)");
        }
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "no detail";
        }
        String flat = s.replaceAll("\\s+", " ").strip();
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }

    private static void close(XMLStreamReader r) {
        if (r != null) {
            try {
                r.close();
            } catch (XMLStreamException e) {
                // nothing held but the byte array
            }
        }
    }
}

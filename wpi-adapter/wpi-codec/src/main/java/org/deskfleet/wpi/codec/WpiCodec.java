package org.deskfleet.wpi.codec;

import com.ctc.wstx.api.WstxInputProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import org.deskfleet.wpi.codec.WpiDecodeException.Problem;
import org.deskfleet.wpi.codec.WpiDocuments.ItemDoc;
import org.deskfleet.wpi.codec.WpiDocuments.MessageDoc;
import org.deskfleet.wpi.codec.WpiDocuments.Root;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads and writes WPI documents. Lenient reader (what phones really send), strict writer (exactly the
 * guide's form), secure parsing: no DTD, no entities, bounded size, depth, item count and value length.
 * Plain Java and thread-safe: one instance serves every connection.
 */
public final class WpiCodec {

    public static final String NAMESPACE = "http://www.siemens.com/DLS";
    public static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

    private static final Pattern ITEM_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,127}");
    private static final Pattern NONCE = Pattern.compile("[0-9A-Fa-f]{1,64}");

    private final WpiLimits limits;
    private final XMLInputFactory inputFactory;
    private final XMLOutputFactory outputFactory;
    private final ObjectReader rootReader;

    public WpiCodec() {
        this(WpiLimits.DEFAULT);
    }

    public WpiCodec(WpiLimits limits) {
        this.limits = limits;
        XmlMapper mapper = new XmlMapper();
        XmlFactory factory = mapper.getFactory();
        this.inputFactory = factory.getXMLInputFactory();
        // No DTD processing at all: closes XXE, entity expansion and external fetches in one place.
        inputFactory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        inputFactory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        inputFactory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        inputFactory.setProperty(XMLInputFactory.IS_COALESCING, true);
        inputFactory.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, limits.maxDepth());
        inputFactory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, 16);
        inputFactory.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, limits.maxValueChars());
        inputFactory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, 4096);
        inputFactory.setProperty(WstxInputProperties.P_MAX_CHILDREN_PER_ELEMENT, limits.maxItems());
        this.outputFactory = factory.getXMLOutputFactory();
        this.rootReader = mapper.readerFor(Root.class)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public WpiLimits limits() {
        return limits;
    }

    // ---------------------------------------------------------------- reading

    /** Reads a phone's {@code WorkpointMessage}; every rejection names the rule that was broken. */
    public PhoneMessage readPhoneMessage(byte[] body) throws WpiDecodeException {
        MessageDoc m = parse(body, "WorkpointMessage");
        if (m.reason == null) {
            throw new WpiDecodeException(Problem.MISSING_REASON, "Message has no ReasonForContact");
        }
        String rawReason = strip(m.reason.text);
        Reason reason = Reason.fromWire(rawReason);
        String fragment = m.fragment != null ? m.fragment : m.reason.fragment;
        String replyAction = m.reason.action == null ? null : m.reason.action.strip();
        ReplyStatus status = ReplyStatus.fromWire(m.reason.status).orElse(null);
        return new PhoneMessage(nonce(m), maxItems(m.maxItems), Fragment.fromWire(fragment), reason,
                rawReason, replyAction, status, items(m.items));
    }

    /** Reads a service's {@code DLSMessage}, as leniently as phones do (simulator side). */
    public ServiceMessage readServiceMessage(byte[] body) throws WpiDecodeException {
        MessageDoc m = parse(body, "DLSMessage");
        Action action = Action.fromWire(m.action).orElseThrow(() ->
                new WpiDecodeException(Problem.MALFORMED, "unknown or missing Action: " + m.action));
        return new ServiceMessage(nonce(m), action, items(m.items));
    }

    private MessageDoc parse(byte[] body, String expectedRoot) throws WpiDecodeException {
        if (body == null || body.length == 0) {
            throw new WpiDecodeException(Problem.EMPTY, "empty body");
        }
        if (body.length > limits.maxBytes()) {
            throw new WpiDecodeException(Problem.TOO_LARGE,
                    "message of " + body.length + " bytes exceeds the limit of " + limits.maxBytes());
        }
        String text = decodeUtf8(body);
        String upper = text.toUpperCase(Locale.ROOT);
        if (upper.contains("<!DOCTYPE") || upper.contains("<!ENTITY")) {
            throw new WpiDecodeException(Problem.DTD_FORBIDDEN, "document type declarations are not accepted");
        }
        checkRoot(text, expectedRoot);
        Root root;
        try {
            root = rootReader.readValue(text);
        } catch (java.io.IOException e) {
            throw classify(e);
        }
        if (root == null || root.message == null) {
            throw new WpiDecodeException(Problem.MALFORMED, expectedRoot + " has no Message element");
        }
        if (root.message.items == null && root.strayItems != null) {
            root.message.items = root.strayItems;
        }
        return root.message;
    }

    /** Strict UTF-8: a phone that sends broken bytes gets told where, instead of a silently mangled value. */
    private static String decodeUtf8(byte[] body) throws WpiDecodeException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new WpiDecodeException(Problem.INVALID_ENCODING, "body is not valid UTF-8", e);
        }
    }

    /** Reads only up to the root start tag: wrong documents are refused before any binding work. */
    private void checkRoot(String text, String expectedRoot) throws WpiDecodeException {
        XMLStreamReader r = null;
        try {
            r = inputFactory.createXMLStreamReader(new StringReader(text));
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.DTD) {
                    throw new WpiDecodeException(Problem.DTD_FORBIDDEN, "document type declarations are not accepted");
                }
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    String name = r.getLocalName();
                    String ns = r.getNamespaceURI();
                    boolean rootOk = name.equals(expectedRoot)
                            || (expectedRoot.equals("DLSMessage") && name.equalsIgnoreCase(expectedRoot));
                    if (!rootOk) {
                        throw new WpiDecodeException(Problem.WRONG_ROOT,
                                "root element is <" + name + ">, expected <" + expectedRoot + ">");
                    }
                    // Lenient: no namespace is accepted (phones and old servers omit it); a different one is not.
                    if (ns != null && !ns.isEmpty() && !ns.equals(NAMESPACE)) {
                        throw new WpiDecodeException(Problem.WRONG_NAMESPACE,
                                "namespace is '" + ns + "', expected '" + NAMESPACE + "'");
                    }
                    return;
                }
            }
            throw new WpiDecodeException(Problem.MALFORMED, "no root element");
        } catch (XMLStreamException e) {
            throw classify(e);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing to release beyond the string
                }
            }
        }
    }

    private static WpiDecodeException classify(Exception e) {
        String msg = String.valueOf(e.getMessage());
        String first = msg.lines().findFirst().orElse(msg);
        if (msg.contains("Maximum Element Depth") || msg.contains("depth")) {
            return new WpiDecodeException(Problem.TOO_DEEP, "nesting too deep: " + first, e);
        }
        if (msg.contains("Maximum Number of Child Elements")) {
            return new WpiDecodeException(Problem.TOO_MANY_ITEMS, "too many elements: " + first, e);
        }
        if (msg.contains("DTD") || msg.contains("entity") || msg.contains("Entity")) {
            return new WpiDecodeException(Problem.DTD_FORBIDDEN, "entities are not accepted: " + first, e);
        }
        return new WpiDecodeException(Problem.MALFORMED, "malformed XML: " + first, e);
    }

    private static String nonce(MessageDoc m) throws WpiDecodeException {
        String nonce = strip(m.nonce);
        if (nonce == null || nonce.isEmpty()) {
            throw new WpiDecodeException(Problem.MISSING_NONCE, "Message has no nonce");
        }
        if (!NONCE.matcher(nonce).matches()) {
            throw new WpiDecodeException(Problem.INVALID_NONCE, "nonce must be 1 to 64 hexadecimal digits");
        }
        return nonce;
    }

    private static int maxItems(String raw) {
        if (raw == null || raw.isBlank()) {
            return -1;
        }
        try {
            int n = Integer.parseInt(raw.strip());
            return n <= 0 ? -1 : n;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private List<WpiItem> items(List<ItemDoc> docs) throws WpiDecodeException {
        if (docs == null) {
            return List.of();
        }
        if (docs.size() > limits.maxItems()) {
            throw new WpiDecodeException(Problem.TOO_MANY_ITEMS,
                    docs.size() + " items exceed the limit of " + limits.maxItems());
        }
        List<WpiItem> out = new ArrayList<>(docs.size());
        for (ItemDoc d : docs) {
            if (d == null) {
                continue;
            }
            String name = strip(d.name);
            if (name == null || !ITEM_NAME.matcher(name).matches()) {
                throw new WpiDecodeException(Problem.INVALID_ITEM, "item name '" + d.name + "' is not a valid item name");
            }
            Integer index = null;
            if (d.index != null && !d.index.isBlank()) {
                try {
                    index = Integer.valueOf(d.index.strip());
                } catch (NumberFormatException e) {
                    throw new WpiDecodeException(Problem.INVALID_ITEM,
                            "item '" + name + "' has a non-numeric index '" + d.index + "'");
                }
                if (index < 0) {
                    throw new WpiDecodeException(Problem.INVALID_ITEM, "item '" + name + "' has a negative index");
                }
            }
            out.add(new WpiItem(name, index, value(d.value), blankToNull(strip(d.status))));
        }
        return out;
    }

    /** The guide's printed examples wrap long values over lines; a value that contains line breaks is trimmed. */
    private static String value(String raw) {
        if (raw == null) {
            return "";
        }
        return raw.indexOf('\n') >= 0 || raw.indexOf('\r') >= 0 ? raw.strip() : raw;
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    // ---------------------------------------------------------------- writing

    /** Writes a {@code DLSMessage} exactly in the guide's form (UTF-8, declaration, namespace, one Action). */
    public byte[] writeServiceMessage(ServiceMessage message) {
        requireNonce(message.nonce());
        for (WpiItem item : message.items()) {
            if (item.status() != null) {
                throw new IllegalArgumentException("service items never carry a status (guide 3.2): " + item.name());
            }
        }
        return write("DLSMessage", w -> {
            w.writeStartElement(NAMESPACE, "Message");
            w.writeAttribute("nonce", message.nonce());
            w.writeStartElement(NAMESPACE, "Action");
            w.writeCharacters(message.action().wire());
            w.writeEndElement();
            writeItems(w, message.items(), !message.items().isEmpty());
            w.writeEndElement();
        });
    }

    /** Writes a {@code WorkpointMessage} as phones do (simulator side). */
    public byte[] writePhoneMessage(PhoneMessage message) {
        requireNonce(message.nonce());
        return write("WorkpointMessage", w -> {
            w.writeStartElement(NAMESPACE, "Message");
            w.writeAttribute("nonce", message.nonce());
            w.writeAttribute("maxItems", Integer.toString(message.maxItems()));
            if (message.reason() == Reason.REPLY_TO || message.fragment() == Fragment.NEXT) {
                w.writeAttribute("fragment", message.fragment().wire());
            }
            w.writeStartElement(NAMESPACE, "ReasonForContact");
            if (message.replyAction() != null) {
                w.writeAttribute("action", message.replyAction());
            }
            if (message.replyStatus() != null) {
                w.writeAttribute("status", message.replyStatus().wire());
            }
            w.writeCharacters(message.reason() == Reason.UNKNOWN ? message.rawReason() : message.reason().wire());
            w.writeEndElement();
            // A busy reply carries no ItemList at all (guide 3.6.4).
            boolean withList = message.replyStatus() != ReplyStatus.BUSY;
            writeItems(w, message.items(), withList);
            w.writeEndElement();
        });
    }

    private void writeItems(XMLStreamWriter w, List<WpiItem> items, boolean withList) throws XMLStreamException {
        if (!withList) {
            return;
        }
        if (items.isEmpty()) {
            w.writeEmptyElement(NAMESPACE, "ItemList");
            return;
        }
        w.writeStartElement(NAMESPACE, "ItemList");
        for (WpiItem item : items) {
            if (!ITEM_NAME.matcher(item.name()).matches()) {
                throw new IllegalArgumentException("not a valid item name: " + item.name());
            }
            checkXmlChars(item);
            w.writeStartElement(NAMESPACE, "Item");
            w.writeAttribute("name", item.name());
            if (item.index() != null) {
                if (item.index() < 0) {
                    throw new IllegalArgumentException("negative index on item " + item.name());
                }
                w.writeAttribute("index", item.index().toString());
            }
            if (item.status() != null) {
                w.writeAttribute("status", item.status());
            }
            w.writeCharacters(item.value());
            w.writeEndElement();
        }
        w.writeEndElement();
    }

    private static void checkXmlChars(WpiItem item) {
        String v = item.value();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF) {
                throw new IllegalArgumentException("item " + item.name() + " contains a character XML cannot carry (U+"
                        + Integer.toHexString(c) + ")");
            }
        }
    }

    private static void requireNonce(String nonce) {
        if (nonce == null || !NONCE.matcher(nonce).matches()) {
            throw new IllegalArgumentException("nonce must be 1 to 64 hexadecimal digits: " + nonce);
        }
    }

    @FunctionalInterface
    private interface Body {
        void write(XMLStreamWriter w) throws XMLStreamException;
    }

    private byte[] write(String root, Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try {
            XMLStreamWriter w = outputFactory.createXMLStreamWriter(out, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            w.setDefaultNamespace(NAMESPACE);
            w.writeStartElement(NAMESPACE, root);
            w.writeDefaultNamespace(NAMESPACE);
            w.writeNamespace("xsi", XSI);
            w.writeAttribute(XSI, "schemaLocation", NAMESPACE);
            body.write(w);
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write WPI document", e);
        }
        return out.toByteArray();
    }
}

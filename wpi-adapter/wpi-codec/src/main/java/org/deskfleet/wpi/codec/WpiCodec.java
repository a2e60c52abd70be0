package org.deskfleet.wpi.codec;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.exc.WstxLazyException;
import com.ctc.wstx.stax.WstxInputFactory;
import com.ctc.wstx.stax.WstxOutputFactory;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import org.deskfleet.wpi.codec.WpiDecodeException.Problem;
import org.deskfleet.wpi.codec.WpiDocuments.ItemDoc;
import org.deskfleet.wpi.codec.WpiDocuments.MessageDoc;
import org.deskfleet.wpi.codec.WpiDocuments.ReasonDoc;
import org.deskfleet.wpi.codec.WpiDocuments.Root;

import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLResolver;
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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and writes WPI documents. Lenient reader (what phones really send), strict writer (exactly the
 * guide's form, and only documents that validate against the derived XSDs), secure parsing: no DTD, no
 * entities, bounded size, depth, attribute size, item count and value length.
 * Plain Java and thread-safe: one instance serves every connection.
 */
public final class WpiCodec {

    public static final String NAMESPACE = "http://www.siemens.com/DLS";
    public static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

    private static final Pattern ITEM_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,127}");
    private static final Pattern NONCE = Pattern.compile("[0-9A-Fa-f]{1,64}");
    private static final Pattern LIMIT_EXCEEDED = Pattern.compile("(?i).*\\blimit \\(\\d+\\) exceeded.*");
    /** Item status values of guide 3.2 (WorkpointMessage.xsd); the writer emits no others. */
    private static final Set<String> ITEM_STATUSES = Set.of("failed", "unknown item", "read only", "invalid index",
            "unexpected item", "not supported", "invalid data", "undefined status");
    /** Written by hand: the guide's form, double-quoted (Woodstox would use single quotes). */
    private static final byte[] DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            .getBytes(StandardCharsets.US_ASCII);

    private final WpiLimits limits;
    private final XMLInputFactory inputFactory;
    private final XMLOutputFactory outputFactory;

    public WpiCodec() {
        this(WpiLimits.DEFAULT);
    }

    public WpiCodec(WpiLimits limits) {
        this.limits = limits;
        // Woodstox named explicitly: the limit properties below are its own, and the JDK parser behind the
        // StAX service lookup would reject them.
        WstxInputFactory in = new WstxInputFactory();
        // No DTD processing at all: closes XXE, entity expansion and external fetches in one place.
        in.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        in.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        // Without a DTD no entity can be declared. Woodstox would silently expand an undeclared one to ""
        // inside attributes; replacing through a resolver that refuses turns every such reference into an error.
        XMLResolver refuse = (publicId, systemId, base, name) -> {
            throw new EntityRefused(name != null ? name : systemId);
        };
        in.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
        in.setProperty(WstxInputProperties.P_UNDECLARED_ENTITY_RESOLVER, refuse);
        in.setProperty(XMLInputFactory.RESOLVER, refuse);
        in.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        in.setProperty(XMLInputFactory.IS_COALESCING, true);
        in.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, limits.maxDepth());
        in.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, 16);
        in.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, 4096);
        in.setProperty(WstxInputProperties.P_MAX_CHILDREN_PER_ELEMENT, limits.maxItems());
        // The StAX stack is jackson-dataformat-xml's own (Woodstox, hardened above). We stream it rather than
        // use Jackson's data binding: binding silently keeps the last of duplicate elements and drops
        // undeclared entities, and a phone message must be refused, not reinterpreted, in those cases.
        XmlFactory xml = XmlFactory.builder().xmlInputFactory(in).xmlOutputFactory(new WstxOutputFactory()).build();
        this.inputFactory = xml.getXMLInputFactory();
        this.outputFactory = xml.getXMLOutputFactory();
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
        // Cheap early refusal; the parser refuses a DTD event as well.
        String upper = text.toUpperCase(Locale.ROOT);
        if (upper.contains("<!DOCTYPE") || upper.contains("<!ENTITY")) {
            throw new WpiDecodeException(Problem.DTD_FORBIDDEN, "document type declarations are not accepted");
        }
        Root root;
        XMLStreamReader r = null;
        try {
            r = inputFactory.createXMLStreamReader(new StringReader(text));
            if ("1.1".equals(r.getVersion())) {
                // XML 1.1 admits control characters (&#1;) that no WPI value may hold and our writer refuses.
                throw new WpiDecodeException(Problem.MALFORMED, "XML 1.1 is not accepted, only XML 1.0");
            }
            root = readDocument(r, expectedRoot);
        } catch (XMLStreamException e) {
            throw classify(e);
        } catch (WstxLazyException e) {
            // Woodstox defers some errors to the first access of the text; same rules as an eager error.
            throw classify(e.getCause() instanceof XMLStreamException x ? x : new XMLStreamException(e.getMessage()));
        } finally {
            close(r);
        }
        if (root.message == null) {
            throw new WpiDecodeException(Problem.MALFORMED, expectedRoot + " has no Message element");
        }
        if (root.strayItems != null) {
            if (root.message.items != null) {
                throw new WpiDecodeException(Problem.MALFORMED, "ItemList both inside and beside Message");
            }
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

    /**
     * One streaming pass over the whole document (so trailing garbage is noticed too). Only the known elements
     * at their known places are bound; anything else, including elements of other namespaces, is skipped.
     * A known element given twice is refused rather than letting one copy win silently.
     */
    private Root readDocument(XMLStreamReader r, String expectedRoot) throws XMLStreamException, WpiDecodeException {
        Root root = null;
        while (r.hasNext()) {
            if (next(r) == XMLStreamConstants.START_ELEMENT) {
                // A second root element is refused by the parser itself.
                checkRoot(r, expectedRoot);
                root = readRoot(r);
            }
        }
        if (root == null) {
            throw new WpiDecodeException(Problem.MALFORMED, "no root element");
        }
        return root;
    }

    private static void checkRoot(XMLStreamReader r, String expectedRoot) throws WpiDecodeException {
        String name = r.getLocalName();
        String ns = r.getNamespaceURI();
        // Phones accept "DlsMessage" (wpi-protocol §3.7), so the simulator side does too.
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
    }

    private Root readRoot(XMLStreamReader r) throws XMLStreamException, WpiDecodeException {
        Root root = new Root();
        while (next(r) != XMLStreamConstants.END_ELEMENT) {
            if (r.getEventType() != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            if (isOurs(r, "Message")) {
                requireFirst(root.message, "Message");
                root.message = readMessage(r);
            } else if (isOurs(r, "ItemList")) {
                requireFirst(root.strayItems, "ItemList");
                root.strayItems = readItemList(r);
            } else {
                skip(r);
            }
        }
        return root;
    }

    private MessageDoc readMessage(XMLStreamReader r) throws XMLStreamException, WpiDecodeException {
        MessageDoc m = new MessageDoc();
        m.nonce = attr(r, "nonce");
        m.maxItems = attr(r, "maxItems");
        m.fragment = attr(r, "fragment");
        while (next(r) != XMLStreamConstants.END_ELEMENT) {
            if (r.getEventType() != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            if (isOurs(r, "ReasonForContact")) {
                requireFirst(m.reason, "ReasonForContact");
                ReasonDoc reason = new ReasonDoc();
                reason.action = attr(r, "action");
                reason.status = attr(r, "status");
                reason.fragment = attr(r, "fragment");
                reason.text = readText(r, "ReasonForContact");
                m.reason = reason;
            } else if (isOurs(r, "Action")) {
                requireFirst(m.action, "Action");
                m.action = readText(r, "Action");
            } else if (isOurs(r, "ItemList")) {
                requireFirst(m.items, "ItemList");
                m.items = readItemList(r);
            } else {
                skip(r);
            }
        }
        return m;
    }

    private List<ItemDoc> readItemList(XMLStreamReader r) throws XMLStreamException, WpiDecodeException {
        List<ItemDoc> items = new ArrayList<>();
        while (next(r) != XMLStreamConstants.END_ELEMENT) {
            if (r.getEventType() != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            if (!isOurs(r, "Item")) {
                skip(r);
                continue;
            }
            if (items.size() >= limits.maxItems()) {
                throw new WpiDecodeException(Problem.TOO_MANY_ITEMS,
                        "more than " + limits.maxItems() + " items in one message");
            }
            ItemDoc d = new ItemDoc();
            d.name = attr(r, "name");
            d.index = attr(r, "index");
            d.type = attr(r, "type");
            d.status = attr(r, "status");
            d.value = readText(r, "Item " + d.name);
            items.add(d);
        }
        return items;
    }

    /** Text content up to the element's end; child elements (mixed content) are skipped, comments dropped. */
    private String readText(XMLStreamReader r, String what) throws XMLStreamException, WpiDecodeException {
        StringBuilder sb = new StringBuilder();
        int ev;
        while ((ev = next(r)) != XMLStreamConstants.END_ELEMENT) {
            switch (ev) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    sb.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
                    if (sb.length() > limits.maxValueChars()) {
                        throw new WpiDecodeException(Problem.TOO_LARGE,
                                "value of " + what + " exceeds " + limits.maxValueChars() + " characters");
                    }
                }
                case XMLStreamConstants.START_ELEMENT -> skip(r);
                default -> {
                    // comments and processing instructions carry no value
                }
            }
        }
        return sb.toString();
    }

    /** Skips the element just started, with everything inside it (the parser still checks it all). */
    private static void skip(XMLStreamReader r) throws XMLStreamException, WpiDecodeException {
        int depth = 1;
        while (depth > 0) {
            int ev = next(r);
            if (ev == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    /** The next event; DTDs and unexpanded entity references are refused wherever they appear. */
    private static int next(XMLStreamReader r) throws XMLStreamException, WpiDecodeException {
        int ev = r.next();
        if (ev == XMLStreamConstants.DTD) {
            throw new WpiDecodeException(Problem.DTD_FORBIDDEN, "document type declarations are not accepted");
        }
        if (ev == XMLStreamConstants.ENTITY_REFERENCE) {
            throw new WpiDecodeException(Problem.DTD_FORBIDDEN,
                    "entity reference &" + r.getLocalName() + "; is not accepted");
        }
        return ev;
    }

    private static void requireFirst(Object seen, String element) throws WpiDecodeException {
        if (seen != null) {
            throw new WpiDecodeException(Problem.MALFORMED, "more than one <" + element + "> in the same place");
        }
    }

    /** WPI elements live in the DLS namespace; no namespace at all is tolerated (phones omit it). */
    private static boolean isOurs(XMLStreamReader r, String localName) {
        String ns = r.getNamespaceURI();
        return localName.equals(r.getLocalName()) && (ns == null || ns.isEmpty() || ns.equals(NAMESPACE));
    }

    /** An unprefixed attribute by local name; prefixed (foreign) attributes are not WPI attributes. */
    private static String attr(XMLStreamReader r, String localName) {
        for (int i = 0; i < r.getAttributeCount(); i++) {
            String ns = r.getAttributeNamespace(i);
            if ((ns == null || ns.isEmpty()) && localName.equals(r.getAttributeLocalName(i))) {
                return r.getAttributeValue(i);
            }
        }
        return null;
    }

    private static void close(XMLStreamReader r) {
        if (r != null) {
            try {
                r.close();
            } catch (XMLStreamException ignored) {
                // nothing to release beyond the string
            }
        }
    }

    private static WpiDecodeException classify(XMLStreamException e) {
        if (e instanceof EntityRefused refused) {
            return new WpiDecodeException(Problem.DTD_FORBIDDEN,
                    "entity reference &" + refused.entity + "; is not accepted" + where(e), e);
        }
        String msg = String.valueOf(e.getMessage());
        String first = msg.lines().findFirst().orElse(msg).strip();
        if (first.startsWith("Maximum Element Depth limit")) {
            return new WpiDecodeException(Problem.TOO_DEEP, "nesting too deep: " + first + where(e), e);
        }
        if (first.contains("Maximum Number of Child Elements")) {
            return new WpiDecodeException(Problem.TOO_MANY_ITEMS, "too many elements: " + first + where(e), e);
        }
        if (LIMIT_EXCEEDED.matcher(first).matches()) {
            return new WpiDecodeException(Problem.TOO_LARGE, "size limit exceeded: " + first + where(e), e);
        }
        return new WpiDecodeException(Problem.MALFORMED, "malformed XML: " + first + where(e), e);
    }

    private static String where(XMLStreamException e) {
        Location l = e.getLocation();
        return l == null || l.getLineNumber() < 0 ? "" : " (line " + l.getLineNumber() + ", column " + l.getColumnNumber() + ")";
    }

    /** Thrown by the resolver, so that an entity reference is told apart from other malformed input. */
    private static final class EntityRefused extends XMLStreamException {
        private static final long serialVersionUID = 1L;
        private final String entity;

        EntityRefused(String entity) {
            super("entity reference &" + entity + "; is not accepted");
            this.entity = entity;
        }
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
            String name = strip(d.name);
            if (name == null || !ITEM_NAME.matcher(name).matches()) {
                throw new WpiDecodeException(Problem.INVALID_ITEM,
                        d.name == null ? "Item without a name" : "item name '" + d.name + "' is not a valid item name");
            }
            Integer index = null;
            if (d.index != null && !d.index.isBlank()) {
                try {
                    index = Integer.valueOf(d.index.strip());
                } catch (NumberFormatException e) {
                    throw new WpiDecodeException(Problem.INVALID_ITEM,
                            "item '" + name + "' has index '" + d.index + "', not a number from 0 to " + Integer.MAX_VALUE);
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
            checkItem(item);
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
        // 0 is not written: the reader (and, we assume, a server) takes it for "no limit", not "no items".
        if (message.maxItems() < -1 || message.maxItems() == 0) {
            throw new IllegalArgumentException("maxItems must be -1 (no limit) or at least 1: " + message.maxItems());
        }
        if (message.reason() == Reason.UNKNOWN) {
            throw new IllegalArgumentException("not a ReasonForContact of the guide: '" + message.rawReason() + "'");
        }
        if (message.replyAction() != null
                && Arrays.stream(Action.values()).noneMatch(a -> a.wire().equals(message.replyAction()))) {
            throw new IllegalArgumentException("not an Action of the guide: '" + message.replyAction() + "'");
        }
        // A busy reply carries no ItemList at all (guide 3.6.4); dropping items silently would lose data.
        boolean withList = message.replyStatus() != ReplyStatus.BUSY;
        if (!withList && !message.items().isEmpty()) {
            throw new IllegalArgumentException("a busy reply carries no items (guide 3.6.4)");
        }
        for (WpiItem item : message.items()) {
            if (item.status() != null && !ITEM_STATUSES.contains(item.status())) {
                throw new IllegalArgumentException("item " + item.name() + " has status '" + item.status()
                        + "', not one of " + ITEM_STATUSES);
            }
            checkItem(item);
        }
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
            w.writeCharacters(message.reason().wire());
            w.writeEndElement();
            writeItems(w, message.items(), withList);
            w.writeEndElement();
        });
    }

    private static void writeItems(XMLStreamWriter w, List<WpiItem> items, boolean withList) throws XMLStreamException {
        if (!withList) {
            return;
        }
        if (items.isEmpty()) {
            w.writeEmptyElement(NAMESPACE, "ItemList");
            return;
        }
        w.writeStartElement(NAMESPACE, "ItemList");
        for (WpiItem item : items) {
            w.writeStartElement(NAMESPACE, "Item");
            w.writeAttribute("name", item.name());
            if (item.index() != null) {
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

    /** Everything about an item that would make the document invalid, checked before anything is written. */
    private static void checkItem(WpiItem item) {
        if (!ITEM_NAME.matcher(item.name()).matches()) {
            throw new IllegalArgumentException("not a valid item name: " + item.name());
        }
        if (item.index() != null && item.index() < 0) {
            throw new IllegalArgumentException("negative index on item " + item.name());
        }
        String v = item.value();
        for (int i = 0; i < v.length(); ) {
            int c = v.codePointAt(i);
            // XML 1.0 Char: no C0 controls but tab/LF/CR, no lone surrogates, no U+FFFE/U+FFFF.
            boolean bad = c < 0x20 && c != '\t' && c != '\n' && c != '\r'
                    || c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE
                    || c == 0xFFFE || c == 0xFFFF;
            if (bad) {
                throw new IllegalArgumentException("item " + item.name() + " contains a character XML cannot carry (U+"
                        + Integer.toHexString(c).toUpperCase(Locale.ROOT) + ")");
            }
            i += Character.charCount(c);
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
        out.writeBytes(DECLARATION);
        try {
            XMLStreamWriter w = outputFactory.createXMLStreamWriter(out, "UTF-8");
            w.setDefaultNamespace(NAMESPACE);
            w.setPrefix("xsi", XSI);
            w.writeStartElement(NAMESPACE, root);
            w.writeDefaultNamespace(NAMESPACE);
            w.writeNamespace("xsi", XSI);
            w.writeAttribute("xsi", XSI, "schemaLocation", NAMESPACE);
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

package org.deskfleet.wpi.codec;

import org.deskfleet.wpi.codec.WpiDecodeException.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.ThrowingSupplier;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.deskfleet.wpi.codec.Wpi.CODEC;
import static org.deskfleet.wpi.codec.Wpi.NS;
import static org.deskfleet.wpi.codec.Wpi.phoneDoc;
import static org.deskfleet.wpi.codec.Wpi.utf8;

/**
 * Each kind of hostile or broken input is refused, with the right problem and a telling message. The
 * timeout only catches a parser that hangs (entity expansion); it is no speed measure, so it leaves room
 * for a build machine shared with other work.
 */
@Timeout(60)
class HostileInputTest {

    private static final String START_UP = "<ReasonForContact>start-up</ReasonForContact>";

    private static WpiDecodeException refusedAsPhone(byte[] body) {
        return refused(() -> CODEC.readPhoneMessage(body));
    }

    private static WpiDecodeException refusedAsService(byte[] body) {
        return refused(() -> CODEC.readServiceMessage(body));
    }

    private static WpiDecodeException refused(ThrowingSupplier<?> read) {
        WpiDecodeException e = catchThrowableOfType(WpiDecodeException.class, read::get);
        assertThat(e).as("expected a WpiDecodeException").isNotNull();
        assertThat(e.getMessage()).isNotBlank();
        return e;
    }

    @Test
    void externalEntityIsNeverResolved() {
        byte[] xxe = utf8("<?xml version=\"1.0\"?><!DOCTYPE WorkpointMessage [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<WorkpointMessage xmlns=\"" + NS + "\"><Message nonce=\"AB\"><ReasonForContact>start-up</ReasonForContact>"
                + "<ItemList><Item name=\"e164\">&xxe;</Item></ItemList></Message></WorkpointMessage>");
        WpiDecodeException e = refusedAsPhone(xxe);
        assertThat(e.problem()).isEqualTo(Problem.DTD_FORBIDDEN);
        assertThat(e.getMessage()).contains("document type").doesNotContain("root:");
        assertThat(refusedAsService(xxe).problem()).isEqualTo(Problem.DTD_FORBIDDEN);
    }

    @Test
    void externalDtdIsNeverFetched() {
        byte[] doc = utf8("<!DOCTYPE WorkpointMessage SYSTEM \"http://attacker.example/evil.dtd\">"
                + "<WorkpointMessage><Message nonce=\"AB\">" + START_UP + "</Message></WorkpointMessage>");
        assertThat(refusedAsPhone(doc).problem()).isEqualTo(Problem.DTD_FORBIDDEN);
    }

    @Test
    void billionLaughs() {
        StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i < 10; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10))
                    .append("\">");
        }
        dtd.append("]>");
        byte[] doc = utf8(dtd + "<WorkpointMessage><Message nonce=\"AB\"><ReasonForContact>&lol9;</ReasonForContact>"
                + "</Message></WorkpointMessage>");
        assertThat(refusedAsPhone(doc).problem()).isEqualTo(Problem.DTD_FORBIDDEN);
    }

    @Test
    void entityReferenceWithoutDtdIsRefusedNotDropped() {
        // Woodstox on its own expands an undeclared entity to "" in attributes; a nonce must not shrink silently.
        WpiDecodeException inText = refusedAsPhone(phoneDoc("nonce=\"AB\"",
                START_UP + "<ItemList><Item name=\"e164\">&xxe;</Item></ItemList>"));
        assertThat(inText.problem()).isEqualTo(Problem.DTD_FORBIDDEN);
        assertThat(inText.getMessage()).contains("&xxe;");
        WpiDecodeException inAttribute = refusedAsPhone(phoneDoc("nonce=\"AB&x;CD\"", START_UP));
        assertThat(inAttribute.problem()).isEqualTo(Problem.DTD_FORBIDDEN);
        assertThat(inAttribute.getMessage()).contains("&x;");
    }

    @Test
    void deepNesting() {
        String open = "<d>".repeat(100);
        String close = "</d>".repeat(100);
        WpiDecodeException e = refusedAsPhone(phoneDoc("nonce=\"AB\"", START_UP + open + close));
        assertThat(e.problem()).isEqualTo(Problem.TOO_DEEP);
        assertThat(e.getMessage()).contains("too deep").contains("(8)");
        // Deep nesting inside an item value and before any known element as well.
        assertThat(refusedAsPhone(phoneDoc("nonce=\"AB\"", START_UP + "<ItemList><Item name=\"a\">" + open + close
                + "</Item></ItemList>")).problem()).isEqualTo(Problem.TOO_DEEP);
        assertThat(refusedAsService(utf8("<DLSMessage>" + "<x>".repeat(20_000))).problem()).isEqualTo(Problem.TOO_DEEP);
    }

    @Test
    void bodyOverTheSizeLimit() {
        byte[] doc = phoneDoc("nonce=\"AB\"", START_UP + "<!--" + "x".repeat(64 * 1024) + "-->");
        WpiDecodeException e = refusedAsPhone(doc);
        assertThat(e.problem()).isEqualTo(Problem.TOO_LARGE);
        assertThat(e.getMessage()).contains(Integer.toString(doc.length)).contains("65536");
        byte[] oneByteOver = Arrays.copyOf(doc, 64 * 1024 + 1);
        assertThat(refusedAsService(oneByteOver).problem()).isEqualTo(Problem.TOO_LARGE);
    }

    @Test
    void valueOverTheValueLimit() {
        WpiDecodeException e = refusedAsPhone(phoneDoc("nonce=\"AB\"", START_UP
                + "<ItemList><Item name=\"big\">" + "x".repeat(WpiLimits.DEFAULT.maxValueChars() + 1) + "</Item></ItemList>"));
        assertThat(e.problem()).isEqualTo(Problem.TOO_LARGE);
        assertThat(e.getMessage()).contains("big").contains("16384");
        assertThat(refusedAsPhone(phoneDoc("nonce=\"AB\"", START_UP
                + "<ItemList><Item name=\"" + "n".repeat(5000) + "\"/></ItemList>")).problem()).isEqualTo(Problem.TOO_LARGE);
        StringBuilder attributes = new StringBuilder();
        for (int i = 0; i < 17; i++) {
            attributes.append(" a").append(i).append("=\"1\"");
        }
        assertThat(refusedAsPhone(phoneDoc("nonce=\"AB\"" + attributes, START_UP)).problem()).isEqualTo(Problem.TOO_LARGE);
    }

    @Test
    void invalidUtf8() {
        byte[] doc = phoneDoc("nonce=\"AB\"", START_UP + "<ItemList><Item name=\"user\">M?ller</Item></ItemList>");
        int at = new String(doc, StandardCharsets.ISO_8859_1).indexOf("M?ller") + 1;
        doc[at] = (byte) 0xFC; // ü in Latin-1, a broken sequence in UTF-8
        WpiDecodeException e = refusedAsPhone(doc);
        assertThat(e.problem()).isEqualTo(Problem.INVALID_ENCODING);
        assertThat(e.getMessage()).contains("UTF-8");
        assertThat(refusedAsPhone(new byte[] {'<', 'a', '>', (byte) 0xC3, (byte) 0x28, '<', '/', 'a', '>'}).problem())
                .isEqualTo(Problem.INVALID_ENCODING);
        byte[] overlong = {'<', 'a', '>', (byte) 0xC0, (byte) 0xBC, '<', '/', 'a', '>'};
        assertThat(refusedAsPhone(overlong).problem()).isEqualTo(Problem.INVALID_ENCODING);
        byte[] utf16 = ("<WorkpointMessage><Message nonce=\"AB\">" + START_UP + "</Message></WorkpointMessage>")
                .getBytes(StandardCharsets.UTF_16);
        assertThat(refusedAsPhone(utf16).problem()).isEqualTo(Problem.INVALID_ENCODING);
    }

    @Test
    void wrongRoot() {
        WpiDecodeException e = refusedAsPhone(utf8("<html><body>Hello</body></html>"));
        assertThat(e.problem()).isEqualTo(Problem.WRONG_ROOT);
        assertThat(e.getMessage()).contains("<html>").contains("<WorkpointMessage>");
        assertThat(refusedAsService(Wpi.exampleNo("01")).problem()).as("phone message to the service reader")
                .isEqualTo(Problem.WRONG_ROOT);
        assertThat(refusedAsPhone(Wpi.exampleNo("02")).problem()).as("service message to the phone reader")
                .isEqualTo(Problem.WRONG_ROOT);
        assertThat(refusedAsPhone(utf8("<workpointmessage><Message nonce=\"AB\">" + START_UP
                + "</Message></workpointmessage>")).problem()).isEqualTo(Problem.WRONG_ROOT);
    }

    @Test
    void wrongNamespace() {
        WpiDecodeException e = refusedAsPhone(utf8("<WorkpointMessage xmlns=\"http://www.example.com/DLS\"><Message nonce=\"AB\">"
                + START_UP + "</Message></WorkpointMessage>"));
        assertThat(e.problem()).isEqualTo(Problem.WRONG_NAMESPACE);
        assertThat(e.getMessage()).contains("http://www.example.com/DLS").contains(NS);
    }

    @Test
    void messageInAForeignNamespaceIsNotOurMessage() {
        WpiDecodeException e = refusedAsPhone(utf8("<WorkpointMessage xmlns=\"" + NS + "\"><Message xmlns=\"urn:evil\" nonce=\"AB\">"
                + START_UP + "</Message></WorkpointMessage>"));
        assertThat(e.problem()).isEqualTo(Problem.MALFORMED);
        assertThat(e.getMessage()).contains("no Message");
    }

    @Test
    void missingNonce() {
        WpiDecodeException e = refusedAsPhone(phoneDoc("maxItems=\"-1\"", START_UP));
        assertThat(e.problem()).isEqualTo(Problem.MISSING_NONCE);
        assertThat(e.getMessage()).contains("nonce");
        assertThat(refusedAsPhone(phoneDoc("nonce=\"  \"", START_UP)).problem()).isEqualTo(Problem.MISSING_NONCE);
        assertThat(refusedAsService(Wpi.serviceDoc("", "<Action>CleanUp</Action>")).problem()).isEqualTo(Problem.MISSING_NONCE);
        // Only the attribute counts: a nonce element is not a nonce.
        assertThat(refusedAsPhone(phoneDoc("", "<nonce>AB</nonce>" + START_UP)).problem()).isEqualTo(Problem.MISSING_NONCE);
    }

    @Test
    void nonHexNonce() {
        WpiDecodeException e = refusedAsPhone(phoneDoc("nonce=\"5F1C-0A7E\"", START_UP));
        assertThat(e.problem()).isEqualTo(Problem.INVALID_NONCE);
        assertThat(e.getMessage()).contains("hexadecimal");
        assertThat(refusedAsPhone(phoneDoc("nonce=\"" + "A".repeat(65) + "\"", START_UP)).problem()).isEqualTo(Problem.INVALID_NONCE);
        assertThat(refusedAsService(Wpi.serviceDoc("nonce=\"' or 1=1 --\"", "<Action>CleanUp</Action>")).problem())
                .isEqualTo(Problem.INVALID_NONCE);
    }

    @Test
    void nonNumericIndex() {
        WpiDecodeException e = refusedAsPhone(phoneDoc("nonce=\"AB\"", START_UP
                + "<ItemList><Item name=\"ldap-server-address\" index=\"first\">x</Item></ItemList>"));
        assertThat(e.problem()).isEqualTo(Problem.INVALID_ITEM);
        assertThat(e.getMessage()).contains("ldap-server-address").contains("first");
        assertThat(refusedAsPhone(phoneDoc("nonce=\"AB\"", START_UP
                + "<ItemList><Item name=\"a\" index=\"99999999999\"/></ItemList>")).problem()).isEqualTo(Problem.INVALID_ITEM);
        WpiDecodeException negative = refusedAsService(Wpi.serviceDoc("nonce=\"AB\"",
                "<Action>ReadItems</Action><ItemList><Item name=\"a\" index=\"-1\"/></ItemList>"));
        assertThat(negative.problem()).isEqualTo(Problem.INVALID_ITEM);
        assertThat(negative.getMessage()).contains("negative");
    }

    @Test
    void badItemName() {
        WpiDecodeException e = refusedAsPhone(phoneDoc("nonce=\"AB\"", START_UP
                + "<ItemList><Item name=\"../../etc/passwd\">x</Item></ItemList>"));
        assertThat(e.problem()).isEqualTo(Problem.INVALID_ITEM);
        assertThat(e.getMessage()).contains("../../etc/passwd");
        for (String name : new String[] {"", "-lead", "with space", "x".repeat(129), "semi;colon", "ü"}) {
            assertThat(refusedAsPhone(phoneDoc("nonce=\"AB\"", START_UP
                    + "<ItemList><Item name=\"" + name + "\"/></ItemList>")).problem()).as(name).isEqualTo(Problem.INVALID_ITEM);
        }
        WpiDecodeException nameless = refusedAsService(Wpi.serviceDoc("nonce=\"AB\"",
                "<Action>ReadItems</Action><ItemList><Item>x</Item></ItemList>"));
        assertThat(nameless.problem()).isEqualTo(Problem.INVALID_ITEM);
        assertThat(nameless.getMessage()).contains("without a name");
    }

    @Test
    void tooManyItems() {
        WpiCodec small = new WpiCodec(new WpiLimits(64 * 1024, 8, 3, 1024));
        String four = "<Item name=\"a\"/>".repeat(4);
        WpiDecodeException e = refused(() -> small.readPhoneMessage(phoneDoc("nonce=\"AB\"", START_UP + "<ItemList>" + four
                + "</ItemList>")));
        assertThat(e.problem()).isEqualTo(Problem.TOO_MANY_ITEMS);
        assertThat(e.getMessage()).contains("3");
        // With the default limit: 4001 items still fit into 64 KiB when written tersely.
        String many = "<Item name=\"a\"/>".repeat(WpiLimits.DEFAULT.maxItems() + 1);
        byte[] doc = utf8("<WorkpointMessage><Message nonce=\"A\"><ReasonForContact>start-up</ReasonForContact>"
                + "<ItemList>" + many + "</ItemList></Message></WorkpointMessage>");
        assertThat(doc.length).isLessThan(WpiLimits.DEFAULT.maxBytes());
        assertThat(refusedAsPhone(doc).problem()).isEqualTo(Problem.TOO_MANY_ITEMS);
    }

    @Test
    void emptyBody() {
        WpiDecodeException e = refusedAsPhone(new byte[0]);
        assertThat(e.problem()).isEqualTo(Problem.EMPTY);
        assertThat(e.getMessage()).contains("empty");
        assertThat(refusedAsService(null).problem()).isEqualTo(Problem.EMPTY);
        assertThat(refusedAsPhone(utf8("  \n ")).problem()).isEqualTo(Problem.MALFORMED);
    }

    @Test
    void nonXmlGarbage() {
        for (String garbage : new String[] {"hello world", "{\"nonce\":\"AB\"}", "GET / HTTP/1.1\r\n\r\n", "<", "<>", "<<<>>>",
                "\u0000\u0001\u0002", "<?xml version=\"1.0\"?>"}) {
            WpiDecodeException e = refusedAsPhone(utf8(garbage));
            assertThat(e.problem()).as(garbage).isEqualTo(Problem.MALFORMED);
        }
        assertThat(refusedAsPhone(utf8("hello world")).getMessage()).contains("malformed XML").contains("line 1");
    }

    @Test
    void truncatedDocument() {
        byte[] full = Wpi.exampleNo("03");
        // Every cut inside the root element is noticed, none slips through as a shorter message.
        int rootEnd = new String(full, StandardCharsets.UTF_8).lastIndexOf("</WorkpointMessage>");
        for (int cut = 1; cut < rootEnd; cut += 7) {
            byte[] truncated = Arrays.copyOf(full, cut);
            WpiDecodeException e = refusedAsPhone(truncated);
            assertThat(e.problem()).as("cut at %d", cut).isIn(Problem.MALFORMED, Problem.INVALID_ENCODING);
        }
        WpiDecodeException e = refusedAsPhone(Arrays.copyOf(full, full.length / 2));
        assertThat(e.getMessage()).contains("Unexpected EOF");
    }

    @Test
    void duplicatesAreRefusedNotResolvedByLastWins() {
        assertThat(refusedAsPhone(phoneDoc("nonce=\"AB\"", START_UP + "<ReasonForContact>solicited</ReasonForContact>"))
                .problem()).isEqualTo(Problem.MALFORMED);
        assertThat(refusedAsPhone(phoneDoc("nonce=\"AB\"", START_UP + "<ItemList><Item name=\"a\"/></ItemList>"
                + "<ItemList><Item name=\"b\"/></ItemList>")).problem()).isEqualTo(Problem.MALFORMED);
        assertThat(refusedAsService(Wpi.serviceDoc("nonce=\"AB\"", "<Action>ReadItems</Action><Action>Restart</Action>"))
                .problem()).isEqualTo(Problem.MALFORMED);
        assertThat(refusedAsPhone(utf8("<WorkpointMessage><Message nonce=\"AB\">" + START_UP + "</Message>"
                + "<Message nonce=\"CD\">" + START_UP + "</Message></WorkpointMessage>")).problem()).isEqualTo(Problem.MALFORMED);
        assertThat(refusedAsPhone(phoneDoc("nonce=\"AB\" nonce=\"CD\"", START_UP)).problem()).isEqualTo(Problem.MALFORMED);
        assertThat(refusedAsService(utf8("<DLSMessage><Message nonce=\"AB\"><Action>CleanUp</Action>"
                + "<ItemList><Item name=\"a\"/></ItemList></Message><ItemList><Item name=\"b\"/></ItemList></DLSMessage>"))
                .problem()).isEqualTo(Problem.MALFORMED);
    }

    @Test
    void structureProblems() {
        assertThat(refusedAsPhone(phoneDoc("nonce=\"AB\"", "")).problem()).isEqualTo(Problem.MISSING_REASON);
        assertThat(refusedAsPhone(utf8("<WorkpointMessage/>")).problem()).isEqualTo(Problem.MALFORMED);
        WpiDecodeException noAction = refusedAsService(Wpi.serviceDoc("nonce=\"AB\"", "<Action>Reboot</Action>"));
        assertThat(noAction.problem()).isEqualTo(Problem.MALFORMED);
        assertThat(noAction.getMessage()).contains("Action").contains("Reboot");
        assertThat(refusedAsPhone(utf8(new String(phoneDoc("nonce=\"AB\"", START_UP), StandardCharsets.UTF_8)
                + "<WorkpointMessage/>")).problem()).as("second root").isEqualTo(Problem.MALFORMED);
        assertThat(refusedAsPhone(utf8(new String(phoneDoc("nonce=\"AB\"", START_UP), StandardCharsets.UTF_8)
                + "garbage")).problem()).as("trailing garbage").isEqualTo(Problem.MALFORMED);
    }

    @Test
    void controlCharactersAndXml11() {
        WpiDecodeException e = refusedAsPhone(phoneDoc("nonce=\"AB\"", START_UP + "<ItemList><Item name=\"a\">&#1;</Item></ItemList>"));
        assertThat(e.problem()).isEqualTo(Problem.MALFORMED);
        assertThat(refusedAsPhone(phoneDoc("nonce=\"AB\"", START_UP + "<ItemList><Item name=\"a\">\u0007</Item></ItemList>"))
                .problem()).isEqualTo(Problem.MALFORMED);
        byte[] xml11 = utf8("<?xml version=\"1.1\"?><WorkpointMessage><Message nonce=\"AB\">" + START_UP
                + "<ItemList><Item name=\"a\">&#1;</Item></ItemList></Message></WorkpointMessage>");
        WpiDecodeException v11 = refusedAsPhone(xml11);
        assertThat(v11.problem()).isEqualTo(Problem.MALFORMED);
        assertThat(v11.getMessage()).contains("1.1");
    }
}

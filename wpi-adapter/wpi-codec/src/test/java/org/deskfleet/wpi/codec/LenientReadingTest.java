package org.deskfleet.wpi.codec;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deskfleet.wpi.codec.Wpi.CODEC;
import static org.deskfleet.wpi.codec.Wpi.NS;
import static org.deskfleet.wpi.codec.Wpi.phoneDoc;
import static org.deskfleet.wpi.codec.Wpi.utf8;

/** The reader accepts what real phones and servers send, not only the guide's form (wpi-protocol §3.7). */
class LenientReadingTest {

    private static final String START_UP = "<ReasonForContact>start-up</ReasonForContact>";

    @Test
    void withoutXmlDeclaration() throws WpiDecodeException {
        // The guide's own examples omit the declaration.
        byte[] doc = utf8("<WorkpointMessage xmlns=\"" + NS + "\"><Message nonce=\"AB\">" + START_UP
                + "</Message></WorkpointMessage>");
        assertThat(CODEC.readPhoneMessage(doc).reason()).isEqualTo(Reason.START_UP);
    }

    @Test
    void lowerCaseEncodingAsARealPhoneSendsIt() throws WpiDecodeException {
        // wpi-protocol §1.3: a captured CP210 request starts with this declaration.
        byte[] doc = utf8("<?xml version=\"1.0\" encoding=\"utf-8\"?><WorkpointMessage xmlns=\"" + NS + "\">"
                + "<Message nonce=\"5F1C0A7E93B24D6A8C01E2F3A4B5C6D7\" maxItems=\"-1\">" + START_UP
                + "<ItemList><Item name=\"device-type\">OpenScape Desk Phone CP210</Item>"
                + "<Item name=\"user\">Jürgen Müller</Item></ItemList></Message></WorkpointMessage>");
        PhoneMessage m = CODEC.readPhoneMessage(doc);
        assertThat(m.item("device-type")).contains("OpenScape Desk Phone CP210");
        assertThat(m.item("user")).contains("Jürgen Müller");
    }

    @Test
    void byteOrderMarkIsTolerated() throws WpiDecodeException {
        byte[] body = phoneDoc("nonce=\"AB\"", START_UP);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        assertThat(CODEC.readPhoneMessage(withBom).nonce()).isEqualTo("AB");
    }

    @Test
    void fragmentOnReasonForContact() throws WpiDecodeException {
        // The guide's attribute table puts fragment on ReasonForContact, its examples on Message: accept both.
        PhoneMessage m = CODEC.readPhoneMessage(phoneDoc("nonce=\"AB\" maxItems=\"-1\"",
                "<ReasonForContact action=\"ReadAllItems\" status=\"accepted\" fragment=\"next\">reply-to</ReasonForContact>"));
        assertThat(m.fragment()).isEqualTo(Fragment.NEXT);
        PhoneMessage onMessageWins = CODEC.readPhoneMessage(phoneDoc("nonce=\"AB\" fragment=\"final\"",
                "<ReasonForContact fragment=\"next\">reply-to</ReasonForContact>"));
        assertThat(onMessageWins.fragment()).isEqualTo(Fragment.FINAL);
    }

    @Test
    void missingFragmentMeansFinal() throws WpiDecodeException {
        PhoneMessage m = CODEC.readPhoneMessage(phoneDoc("nonce=\"AB\"",
                "<ReasonForContact action=\"ReadAllItems\" status=\"accepted\">reply-to</ReasonForContact>"));
        assertThat(m.fragment()).isEqualTo(Fragment.FINAL);
        assertThat(m.maxItems()).as("missing maxItems means no limit").isEqualTo(-1);
    }

    @Test
    void whitespaceAroundReasonActionStatusAndValues() throws WpiDecodeException {
        // The guide prints reply-to and long values wrapped over lines.
        PhoneMessage m = CODEC.readPhoneMessage(phoneDoc("nonce=\"  AB12  \" maxItems=\" 5 \" fragment=\" next \"",
                "<ReasonForContact action=\" WriteItems \" status=\"\n Busy \">\n      reply-to\n    </ReasonForContact>"
                        + "<ItemList><Item name=\" contact-me-uri \" index=\" 2 \" status=\" failed \">\n"
                        + "   http://10.40.8.23:8085/contact_dls.html/ContactDLS\n  </Item>"
                        + "<Item name=\"display-id\">  two  spaces  </Item></ItemList>"));
        assertThat(m.nonce()).isEqualTo("AB12");
        assertThat(m.maxItems()).isEqualTo(5);
        assertThat(m.fragment()).isEqualTo(Fragment.NEXT);
        assertThat(m.reason()).isEqualTo(Reason.REPLY_TO);
        assertThat(m.rawReason()).isEqualTo("reply-to");
        assertThat(m.replyAction()).isEqualTo("WriteItems");
        assertThat(m.answeredAction()).contains(Action.WRITE_ITEMS);
        assertThat(m.replyStatus()).isEqualTo(ReplyStatus.BUSY);
        assertThat(m.items().get(0)).isEqualTo(
                new WpiItem("contact-me-uri", 2, "http://10.40.8.23:8085/contact_dls.html/ContactDLS", "failed"));
        assertThat(m.item("display-id")).as("a one-line value keeps its blanks").contains("  two  spaces  ");
    }

    @Test
    void unknownAttributesAndElementsAreIgnored() throws WpiDecodeException {
        PhoneMessage m = CODEC.readPhoneMessage(phoneDoc("nonce=\"AB\" version=\"2\" xmlns:x=\"urn:x\" x:nonce=\"CD\"",
                "<Header><Signature>abc</Signature></Header>"
                        + "<ReasonForContact since=\"boot\">start-up<Hint>ignored</Hint></ReasonForContact>"
                        + "<Extra a=\"1\"/>"
                        + "<ItemList count=\"2\"><Group><Item name=\"nested\">not an item of the list</Item></Group>"
                        + "<Item name=\"e164\" type=\"string\" colour=\"red\">4989<!-- note -->1234</Item>"
                        + "<x:Item name=\"foreign\">other namespace</x:Item>"
                        + "<Item name=\"mac-addr\"><![CDATA[00:1A:E8:3B:77:0C]]></Item></ItemList>"
                        + "<Trailer/>"));
        assertThat(m.nonce()).isEqualTo("AB");
        assertThat(m.reason()).isEqualTo(Reason.START_UP);
        assertThat(m.items()).containsExactly(WpiItem.of("e164", "49891234"), WpiItem.of("mac-addr", "00:1A:E8:3B:77:0C"));
    }

    @Test
    void noNamespaceAtAll() throws WpiDecodeException {
        PhoneMessage m = CODEC.readPhoneMessage(utf8("<WorkpointMessage><Message nonce=\"AB\">" + START_UP
                + "<ItemList><Item name=\"e164\">1</Item></ItemList></Message></WorkpointMessage>"));
        assertThat(m.items()).containsExactly(WpiItem.of("e164", "1"));
        ServiceMessage s = CODEC.readServiceMessage(utf8(
                "<DLSMessage><Message nonce=\"AB\"><Action>ReadAllItems</Action></Message></DLSMessage>"));
        assertThat(s.action()).isEqualTo(Action.READ_ALL_ITEMS);
    }

    @Test
    void namespaceByPrefixIsTheSameNamespace() throws WpiDecodeException {
        PhoneMessage m = CODEC.readPhoneMessage(utf8("<d:WorkpointMessage xmlns:d=\"" + NS + "\"><d:Message nonce=\"AB\">"
                + "<d:ReasonForContact>solicited</d:ReasonForContact></d:Message></d:WorkpointMessage>"));
        assertThat(m.reason()).isEqualTo(Reason.SOLICITED);
    }

    @Test
    void emptyItemListAndMissingItemListAreAlike() throws WpiDecodeException {
        String reply = "<ReasonForContact action=\"WriteItems\" status=\"accepted\">reply-to</ReasonForContact>";
        PhoneMessage missing = CODEC.readPhoneMessage(phoneDoc("nonce=\"AB\"", reply));
        PhoneMessage empty = CODEC.readPhoneMessage(phoneDoc("nonce=\"AB\"", reply + "<ItemList/>"));
        PhoneMessage open = CODEC.readPhoneMessage(phoneDoc("nonce=\"AB\"", reply + "<ItemList>\n  </ItemList>"));
        assertThat(missing.items()).isEmpty();
        assertThat(empty).isEqualTo(missing);
        assertThat(open).isEqualTo(missing);
    }

    @Test
    void serviceMessagesAsPhonesAcceptThem() throws WpiDecodeException {
        // wpi-protocol §3.7: "Cleanup", "DlsMessage", an ItemList beside Message, no namespace.
        ServiceMessage cleanup = CODEC.readServiceMessage(utf8("<DLSMessage xmlns=\"" + NS + "\"><Message nonce=\"AB\">"
                + "<Action>Cleanup</Action></Message></DLSMessage>"));
        assertThat(cleanup.action()).isEqualTo(Action.CLEAN_UP);
        ServiceMessage blanks = CODEC.readServiceMessage(utf8("<DLSMessage><Message nonce=\"AB\">"
                + "<Action>\n  WriteItems\n</Action></Message></DLSMessage>"));
        assertThat(blanks.action()).isEqualTo(Action.WRITE_ITEMS);
        ServiceMessage dlsMessage = CODEC.readServiceMessage(utf8(
                "<DlsMessage><Message nonce=\"AB\"><Action>CleanUp</Action></Message>"
                        + "<ItemList><Item name=\"send-solicited\">true</Item></ItemList></DlsMessage>"));
        assertThat(dlsMessage).isEqualTo(new ServiceMessage("AB", Action.CLEAN_UP, List.of(WpiItem.of("send-solicited", "true"))));
        // wpi-protocol §3.3: a commercial DLS put a status on a service item; reading keeps it.
        ServiceMessage withStatus = CODEC.readServiceMessage(Wpi.serviceDoc("nonce=\"AB\"",
                "<Action>WriteItems</Action><ItemList><Item name=\"sip-mobility-state\" status=\"secure\">0</Item></ItemList>"));
        assertThat(withStatus.items()).containsExactly(new WpiItem("sip-mobility-state", null, "0", "secure"));
    }

    @Test
    void unknownReasonAndStatusAreKeptNotRefused() throws WpiDecodeException {
        // Unknown values are answered with CleanUp by the server (wpi-protocol §3.7), so they must reach it.
        PhoneMessage m = CODEC.readPhoneMessage(phoneDoc("nonce=\"AB\" maxItems=\"lots\" fragment=\"maybe\"",
                "<ReasonForContact action=\"Dance\" status=\"sleepy\"> mobility-logon </ReasonForContact>"));
        assertThat(m.reason()).isEqualTo(Reason.UNKNOWN);
        assertThat(m.rawReason()).isEqualTo("mobility-logon");
        assertThat(m.replyAction()).isEqualTo("Dance");
        assertThat(m.answeredAction()).isEmpty();
        assertThat(m.replyStatus()).isNull();
        assertThat(m.maxItems()).isEqualTo(-1);
        assertThat(m.fragment()).isEqualTo(Fragment.FINAL);
    }

    @Test
    void standardEntitiesCharacterReferencesAndCdataAreDecoded() throws WpiDecodeException {
        PhoneMessage m = CODEC.readPhoneMessage(phoneDoc("nonce=\"AB\"", START_UP
                + "<ItemList><Item name=\"a\">&lt;b&gt; &amp; &quot;c&quot; &apos;d&apos; &#65;&#x42;</Item>"
                + "<Item name=\"b\"><![CDATA[<not> & markup]]></Item></ItemList>"));
        assertThat(m.item("a")).contains("<b> & \"c\" 'd' AB");
        assertThat(m.item("b")).contains("<not> & markup");
    }

    @Test
    void commentsAndProcessingInstructionsAreIgnored() throws WpiDecodeException {
        byte[] doc = utf8("<?xml version=\"1.0\"?><!-- from the lab --><?phone model=\"OS40\"?>"
                + "<WorkpointMessage xmlns=\"" + NS + "\"><!-- c --><Message nonce=\"AB\"><?pi?>" + START_UP
                + "</Message></WorkpointMessage><!-- trailing comment -->\n\n");
        assertThat(CODEC.readPhoneMessage(doc).reason()).isEqualTo(Reason.START_UP);
    }

    @Test
    void maxItemsZeroOrNonsenseMeansNoLimit() throws WpiDecodeException {
        assertThat(CODEC.readPhoneMessage(phoneDoc("nonce=\"AB\" maxItems=\"0\"", START_UP)).maxItems()).isEqualTo(-1);
        assertThat(CODEC.readPhoneMessage(phoneDoc("nonce=\"AB\" maxItems=\"99999999999\"", START_UP)).maxItems()).isEqualTo(-1);
        assertThat(CODEC.readPhoneMessage(phoneDoc("nonce=\"ab\" maxItems=\"+12\"", START_UP)).maxItems()).isEqualTo(12);
    }

    @Test
    void theLimitsThemselvesAreAccepted() throws WpiDecodeException {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < WpiLimits.DEFAULT.maxItems(); i++) {
            items.append("<Item name=\"i\"/>");
        }
        String value = "v".repeat(WpiLimits.DEFAULT.maxValueChars());
        String nonce = "F".repeat(64);
        PhoneMessage m = CODEC.readPhoneMessage(phoneDoc("nonce=\"" + nonce + "\"", START_UP + "<ItemList>" + items
                + "</ItemList>"));
        assertThat(m.items()).hasSize(WpiLimits.DEFAULT.maxItems());
        PhoneMessage big = CODEC.readPhoneMessage(phoneDoc("nonce=\"AB\"", START_UP
                + "<ItemList><Item name=\"" + "n".repeat(128) + "\">" + value + "</Item></ItemList>"));
        assertThat(big.items().get(0).value()).hasSize(WpiLimits.DEFAULT.maxValueChars());
    }
}

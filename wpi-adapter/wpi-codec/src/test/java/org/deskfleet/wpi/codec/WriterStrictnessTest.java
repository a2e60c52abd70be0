package org.deskfleet.wpi.codec;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.deskfleet.wpi.codec.Wpi.CODEC;

/** The writer emits only the guide's form: whatever would not validate is refused before a byte is written. */
class WriterStrictnessTest {

    private static final String NONCE = "A03E7C19D4F2480B96C5E1D7F0A2B3C4";

    @Test
    void invalidNonce() {
        for (String nonce : new String[] {null, "", "XYZ", "AB CD", "A".repeat(65), "AB\"/><Injected a=\""}) {
            assertThatIllegalArgumentException().as(String.valueOf(nonce))
                    .isThrownBy(() -> CODEC.writeServiceMessage(ServiceMessage.of(nonce, Action.CLEAN_UP)))
                    .withMessageContaining("nonce");
            assertThatIllegalArgumentException().as(String.valueOf(nonce))
                    .isThrownBy(() -> CODEC.writePhoneMessage(PhoneMessage.of(nonce, Reason.START_UP, List.of())))
                    .withMessageContaining("nonce");
        }
    }

    @Test
    void itemStatusInAServiceMessage() {
        ServiceMessage m = new ServiceMessage(NONCE, Action.WRITE_ITEMS, List.of(new WpiItem("sip-mobility-state", null, "0", "secure")));
        assertThatIllegalArgumentException().isThrownBy(() -> CODEC.writeServiceMessage(m))
                .withMessageContaining("status").withMessageContaining("sip-mobility-state");
    }

    @Test
    void controlCharactersInAValue() {
        for (String value : new String[] {"a\u0000b", "bell\u0007", "\u001B[31m", "x\uFFFE", "lone \uD800 surrogate", "\uDC00"}) {
            ServiceMessage m = new ServiceMessage(NONCE, Action.WRITE_ITEMS, List.of(WpiItem.of("display-id", value)));
            assertThatIllegalArgumentException().as(value).isThrownBy(() -> CODEC.writeServiceMessage(m))
                    .withMessageContaining("display-id").withMessageContaining("U+");
            PhoneMessage p = PhoneMessage.of(NONCE, Reason.START_UP, List.of(WpiItem.of("display-id", value)));
            assertThatIllegalArgumentException().as(value).isThrownBy(() -> CODEC.writePhoneMessage(p));
        }
    }

    @Test
    void tabsLineBreaksAndSupplementaryCharactersAreFine() throws WpiDecodeException {
        String value = "-----BEGIN CERTIFICATE-----\r\nAB\tCD 😀\n-----END CERTIFICATE-----";
        ServiceMessage m = new ServiceMessage(NONCE, Action.WRITE_ITEMS, List.of(WpiItem.indexed("dls-server-ca", 0, value)));
        byte[] doc = CODEC.writeServiceMessage(m);
        assertThat(Wpi.schemaErrors(doc)).isEmpty();
        assertThat(CODEC.readServiceMessage(doc)).as("CR survives as a character reference").isEqualTo(m);
    }

    @Test
    void badItemName() {
        for (String name : new String[] {"with space", "-lead", "a<b", "x".repeat(129), "ü"}) {
            ServiceMessage m = new ServiceMessage(NONCE, Action.READ_ITEMS, List.of(WpiItem.of(name, "")));
            assertThatIllegalArgumentException().as(name).isThrownBy(() -> CODEC.writeServiceMessage(m))
                    .withMessageContaining("item name");
            PhoneMessage p = PhoneMessage.of(NONCE, Reason.START_UP, List.of(WpiItem.of(name, "")));
            assertThatIllegalArgumentException().as(name).isThrownBy(() -> CODEC.writePhoneMessage(p));
        }
        assertThatIllegalArgumentException().isThrownBy(() -> WpiItem.of(" ", "x"));
    }

    @Test
    void negativeIndex() {
        ServiceMessage m = new ServiceMessage(NONCE, Action.READ_ITEMS, List.of(WpiItem.indexed("dls-server-ca", -1, "")));
        assertThatIllegalArgumentException().isThrownBy(() -> CODEC.writeServiceMessage(m)).withMessageContaining("index");
    }

    @Test
    void phoneMessagesOutsideTheSchema() {
        assertThatIllegalArgumentException().as("unknown reason")
                .isThrownBy(() -> CODEC.writePhoneMessage(new PhoneMessage(NONCE, -1, null, Reason.UNKNOWN, "mobility-logon",
                        null, null, List.of())))
                .withMessageContaining("mobility-logon");
        assertThatIllegalArgumentException().as("unknown action")
                .isThrownBy(() -> CODEC.writePhoneMessage(new PhoneMessage(NONCE, -1, null, Reason.REPLY_TO, null,
                        "Cleanup", ReplyStatus.ACCEPTED, List.of())))
                .withMessageContaining("Cleanup");
        for (int maxItems : new int[] {-2, 0, Integer.MIN_VALUE}) {
            assertThatIllegalArgumentException().as("maxItems %d", maxItems)
                    .isThrownBy(() -> CODEC.writePhoneMessage(new PhoneMessage(NONCE, maxItems, null, Reason.START_UP, null,
                            null, null, List.of())))
                    .withMessageContaining("maxItems");
        }
        assertThatIllegalArgumentException().as("item status outside guide 3.2")
                .isThrownBy(() -> CODEC.writePhoneMessage(PhoneMessage.of(NONCE, Reason.START_UP,
                        List.of(new WpiItem("a", null, "", "on fire")))))
                .withMessageContaining("on fire");
        assertThatIllegalArgumentException().as("a busy reply has no item list to put items in")
                .isThrownBy(() -> CODEC.writePhoneMessage(PhoneMessage.replyTo(NONCE, Action.WRITE_ITEMS, ReplyStatus.BUSY,
                        List.of(WpiItem.of("a", "1")))))
                .withMessageContaining("busy");
    }

    @Test
    void markupCharactersInValuesAreEscapedAndRoundTrip() throws WpiDecodeException {
        String value = "<Item name=\"injected\">x</Item> & &amp; ]]> \"quoted\" 'single' </ItemList>";
        ServiceMessage m = new ServiceMessage(NONCE, Action.WRITE_ITEMS, List.of(WpiItem.of("display-id", value)));
        byte[] doc = CODEC.writeServiceMessage(m);
        String text = new String(doc, StandardCharsets.UTF_8);
        assertThat(text).contains("&lt;Item name=\"injected\">x&lt;/Item> &amp; &amp;amp; ]]&gt;")
                .doesNotContain("<Item name=\"injected\">");
        assertThat(Wpi.schemaErrors(doc)).isEmpty();
        ServiceMessage back = CODEC.readServiceMessage(doc);
        assertThat(back).isEqualTo(m);
        assertThat(back.items()).hasSize(1);

        PhoneMessage p = PhoneMessage.replyTo(NONCE, Action.READ_ITEMS, ReplyStatus.ACCEPTED,
                List.of(WpiItem.of("a", "<"), WpiItem.of("b", ">"), WpiItem.of("c", "&"), WpiItem.of("d", "&lt;")));
        assertThat(CODEC.readPhoneMessage(CODEC.writePhoneMessage(p))).isEqualTo(p);
    }

    @Test
    void failedWritesLeaveNoHalfDocumentBehind() {
        // The check runs before writing: the codec stays usable and the next document is complete.
        ServiceMessage bad = new ServiceMessage(NONCE, Action.WRITE_ITEMS,
                List.of(WpiItem.of("ok", "1"), WpiItem.of("bad name", "2")));
        assertThatIllegalArgumentException().isThrownBy(() -> CODEC.writeServiceMessage(bad));
        byte[] good = CODEC.writeServiceMessage(ServiceMessage.of(NONCE, Action.CLEAN_UP));
        assertThat(Wpi.schemaErrors(good)).isEmpty();
    }
}

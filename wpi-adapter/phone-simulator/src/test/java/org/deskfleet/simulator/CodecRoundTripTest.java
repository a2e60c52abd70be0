package org.deskfleet.simulator;

import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.Fragment;
import org.deskfleet.wpi.codec.PhoneMessage;
import org.deskfleet.wpi.codec.Reason;
import org.deskfleet.wpi.codec.ReplyStatus;
import org.deskfleet.wpi.codec.WpiCodec;
import org.deskfleet.wpi.codec.WpiItem;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of document the simulator writes is read back by the production codec unchanged. */
class CodecRoundTripTest {

    private final WpiCodec codec = new WpiCodec();

    @Test
    void everySimulatorDocumentDecodes() throws Exception {
        for (SimulatedPhone phone : SimulatedPhone.fleet(2024, 0, 300)) {
            String nonce = phone.newNonce();
            for (Reason reason : List.of(Reason.START_UP, Reason.SOLICITED, Reason.LOCAL_CHANGES, Reason.CLEAN_UP)) {
                roundTrip(PhoneMessage.of(nonce, reason, phone.basicItems()));
            }
            byte[] all = roundTrip(PhoneMessage.replyTo(nonce, Action.READ_ALL_ITEMS, ReplyStatus.ACCEPTED, phone.allItems()));
            assertThat(all.length).as("ReadAllItems answer stays under the 50 kB message limit").isLessThan(50_000);
            roundTrip(PhoneMessage.replyTo(nonce, Action.READ_ITEMS, ReplyStatus.ACCEPTED,
                    phone.readItems(List.of(WpiItem.of("alert", ""), WpiItem.of("unknown-thing", "")))));
            roundTrip(PhoneMessage.replyTo(nonce, Action.WRITE_ITEMS, ReplyStatus.ACCEPTED, List.of()));
            roundTrip(PhoneMessage.replyTo(nonce, Action.RESTART, ReplyStatus.FAILED, List.of()));
        }
    }

    @Test
    void startUpLooksLikeExample01() throws Exception {
        SimulatedPhone phone = SimulatedPhone.generate(1, 0);
        String nonce = phone.newNonce();
        byte[] doc = codec.writePhoneMessage(PhoneMessage.of(nonce, Reason.START_UP, phone.basicItems()));
        String text = new String(doc, StandardCharsets.UTF_8);
        assertThat(text).contains("<WorkpointMessage xmlns=\"http://www.siemens.com/DLS\"")
                .contains("nonce=\"" + nonce + "\"").contains("maxItems=\"-1\"").doesNotContain("fragment=")
                .contains("<ReasonForContact>start-up</ReasonForContact>");
        PhoneMessage read = codec.readPhoneMessage(doc);
        assertThat(read.items()).extracting(WpiItem::name).containsExactlyElementsOf(SimulatedPhoneTest.EXAMPLE_01);
        assertThat(read.item("mac-addr")).contains(phone.mac());
        assertThat(read.item("e164")).contains(phone.e164());

        byte[] reply = codec.writePhoneMessage(PhoneMessage.replyTo(nonce, Action.READ_ALL_ITEMS, ReplyStatus.ACCEPTED,
                phone.allItems()));
        PhoneMessage r = codec.readPhoneMessage(reply);
        assertThat(r.fragment()).isEqualTo(Fragment.FINAL);
        assertThat(new String(reply, StandardCharsets.UTF_8)).contains("fragment=\"final\"")
                .contains("action=\"ReadAllItems\"").contains("status=\"accepted\"");
    }

    private byte[] roundTrip(PhoneMessage m) throws Exception {
        byte[] doc = codec.writePhoneMessage(m);
        PhoneMessage back = codec.readPhoneMessage(doc);
        assertThat(back.nonce()).isEqualTo(m.nonce());
        assertThat(back.reason()).isEqualTo(m.reason());
        assertThat(back.replyAction()).isEqualTo(m.replyAction());
        assertThat(back.replyStatus()).isEqualTo(m.replyStatus());
        assertThat(back.items()).isEqualTo(m.items());
        return doc;
    }
}

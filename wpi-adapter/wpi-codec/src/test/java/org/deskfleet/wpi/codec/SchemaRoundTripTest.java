package org.deskfleet.wpi.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deskfleet.wpi.codec.Wpi.CODEC;

/** Whatever the codec writes validates against the derived XSDs and reads back to the same record. */
class SchemaRoundTripTest {

    static List<String> examples() {
        return Wpi.exampleNames();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void theExampleItselfIsSchemaValid(String name) {
        // Keeps the validator honest: the examples are known to validate (wpi-protocol §3.8).
        assertThat(Wpi.schemaErrors(Wpi.example(name))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void writtenBackTheExampleValidatesAndReadsBackEqual(String name) throws WpiDecodeException {
        byte[] original = Wpi.example(name);
        if (Wpi.isServiceDocument(original)) {
            ServiceMessage parsed = CODEC.readServiceMessage(original);
            byte[] written = CODEC.writeServiceMessage(parsed);
            assertThat(Wpi.schemaErrors(Wpi.serviceSchema(), written)).as(text(written)).isEmpty();
            assertThat(CODEC.readServiceMessage(written)).isEqualTo(parsed);
            assertThat(CODEC.writeServiceMessage(CODEC.readServiceMessage(written))).as("stable output").isEqualTo(written);
        } else {
            PhoneMessage parsed = CODEC.readPhoneMessage(original);
            byte[] written = CODEC.writePhoneMessage(parsed);
            assertThat(Wpi.schemaErrors(Wpi.phoneSchema(), written)).as(text(written)).isEmpty();
            assertThat(CODEC.readPhoneMessage(written)).isEqualTo(parsed);
            assertThat(CODEC.writePhoneMessage(CODEC.readPhoneMessage(written))).as("stable output").isEqualTo(written);
        }
    }

    @Test
    void writtenDocumentsHaveTheGuidesForm() {
        String cleanUp = text(CODEC.writeServiceMessage(ServiceMessage.cleanUp("0A1B", "overload")));
        assertThat(cleanUp)
                .startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><DLSMessage xmlns=\"http://www.siemens.com/DLS\"")
                .contains("xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"")
                .contains("xsi:schemaLocation=\"http://www.siemens.com/DLS\"")
                .contains("<Message nonce=\"0A1B\"><Action>CleanUp</Action>")
                .contains("<ItemList><Item name=\"cleanup-reason\">overload</Item></ItemList>")
                .doesNotContain("status=");
        assertThat(text(CODEC.writeServiceMessage(ServiceMessage.of("0A1B", Action.RESTART))))
                .as("no ItemList when there are no items").doesNotContain("ItemList");

        String busy = text(CODEC.writePhoneMessage(
                PhoneMessage.replyTo("0A1B", Action.WRITE_ITEMS, ReplyStatus.BUSY, List.of())));
        assertThat(busy).contains("<Message nonce=\"0A1B\" maxItems=\"-1\" fragment=\"final\">")
                .contains("<ReasonForContact action=\"WriteItems\" status=\"busy\">reply-to</ReasonForContact>")
                .doesNotContain("ItemList");
        String accepted = text(CODEC.writePhoneMessage(
                PhoneMessage.replyTo("0A1B", Action.WRITE_ITEMS, ReplyStatus.ACCEPTED, List.of())));
        assertThat(accepted).contains("<ItemList/>");
        String startUp = text(CODEC.writePhoneMessage(PhoneMessage.of("0A1B", Reason.START_UP, List.of())));
        assertThat(startUp).as("first messages carry no fragment").doesNotContain("fragment");
        for (String doc : List.of(cleanUp, busy, accepted, startUp)) {
            assertThat(Wpi.schemaErrors(doc.getBytes(StandardCharsets.UTF_8))).as(doc).isEmpty();
        }
    }

    @Test
    void everyReasonAndEveryActionIsWrittenSchemaValid() throws WpiDecodeException {
        for (Reason reason : Reason.values()) {
            if (reason == Reason.UNKNOWN) {
                continue;
            }
            for (Fragment fragment : Fragment.values()) {
                PhoneMessage m = new PhoneMessage("ABCDEF0123456789", 7, fragment, reason, null,
                        reason == Reason.REPLY_TO ? "ReadItems" : null,
                        reason == Reason.REPLY_TO ? ReplyStatus.FAILED : null,
                        List.of(WpiItem.indexed("file-name", 0, "a b.png"), new WpiItem("x", null, "", "invalid data")));
                byte[] doc = CODEC.writePhoneMessage(m);
                assertThat(Wpi.schemaErrors(Wpi.phoneSchema(), doc)).as(text(doc)).isEmpty();
                assertThat(CODEC.readPhoneMessage(doc)).isEqualTo(m);
            }
        }
        for (Action action : Action.values()) {
            ServiceMessage m = new ServiceMessage("0", action, List.of(WpiItem.of("XML-app-name", "ä € 😀")));
            byte[] doc = CODEC.writeServiceMessage(m);
            assertThat(Wpi.schemaErrors(Wpi.serviceSchema(), doc)).as(text(doc)).isEmpty();
            assertThat(CODEC.readServiceMessage(doc)).isEqualTo(m);
        }
    }

    @Test
    void theValidatorCatchesWhatTheSchemasForbid() {
        // Without these the tests above could pass against a validator that accepts anything.
        byte[] serviceItemWithStatus = Wpi.serviceDoc("nonce=\"AB\"",
                "<Action>WriteItems</Action><ItemList><Item name=\"a\" status=\"failed\">1</Item></ItemList>");
        assertThat(Wpi.schemaErrors(serviceItemWithStatus)).isNotEmpty();
        assertThat(Wpi.schemaErrors(Wpi.phoneSchema(), Wpi.exampleNo("02"))).as("wrong schema for the root").isNotEmpty();
        assertThat(Wpi.schemaErrors(Wpi.serviceSchema(), Wpi.exampleNo("01"))).isNotEmpty();
        byte[] unknownReason = Wpi.phoneDoc("nonce=\"AB\"", "<ReasonForContact>hello</ReasonForContact>");
        assertThat(Wpi.schemaErrors(unknownReason)).isNotEmpty();
    }

    static String text(byte[] doc) {
        return new String(doc, StandardCharsets.UTF_8);
    }
}

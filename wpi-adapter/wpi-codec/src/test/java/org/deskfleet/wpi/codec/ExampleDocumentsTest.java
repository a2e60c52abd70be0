package org.deskfleet.wpi.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.deskfleet.wpi.codec.Wpi.CODEC;
import static org.deskfleet.wpi.codec.Wpi.phone;
import static org.deskfleet.wpi.codec.Wpi.service;

/** Every example document (wpi-protocol §3.8) parses, and parses to what the document says. */
class ExampleDocumentsTest {

    static List<String> examples() {
        return Wpi.exampleNames();
    }

    @Test
    void allExamplesAreThere() {
        // The shared examples directory holds 39 documents (03..60 with gaps); all of them were copied.
        assertThat(examples()).hasSize(39).startsWith("01-startup-phone.xml").endsWith("60-polling-solicited-phone.xml");
        assertThat(examples().stream().filter(n -> Wpi.isServiceDocument(Wpi.example(n)))).hasSize(20);
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleParsesWithTheReaderOfItsRoot(String name) throws WpiDecodeException {
        byte[] doc = Wpi.example(name);
        if (Wpi.isServiceDocument(doc)) {
            assertThat(name).contains("service");
            ServiceMessage m = CODEC.readServiceMessage(doc);
            assertThat(m.nonce()).matches("[0-9A-F]{32}");
            assertThat(m.items()).allSatisfy(i -> assertThat(i.status()).isNull());
        } else {
            assertThat(name).contains("phone");
            PhoneMessage m = CODEC.readPhoneMessage(doc);
            assertThat(m.nonce()).matches("[0-9A-F]{32}");
            assertThat(m.reason()).isNotEqualTo(Reason.UNKNOWN);
            assertThat(m.maxItems()).isIn(-1, 3);
        }
    }

    @Test
    void oneCodecServesManyThreads() throws Exception {
        // The server shares one instance across connections (WpiCodec's contract).
        List<String> names = examples();
        List<Object> expected = new java.util.ArrayList<>();
        for (String n : names) {
            expected.add(read(Wpi.example(n)));
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int round = 0; round < 20; round++) {
                for (int i = 0; i < names.size(); i++) {
                    int at = i;
                    results.add(pool.submit(() -> read(Wpi.example(names.get(at))).equals(expected.get(at))));
                }
            }
            for (var r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Object read(byte[] doc) throws WpiDecodeException {
        return Wpi.isServiceDocument(doc) ? CODEC.readServiceMessage(doc) : CODEC.readPhoneMessage(doc);
    }

    @Test
    void startUpCarriesTheBasicItems() throws WpiDecodeException {
        PhoneMessage m = phone("01");
        assertThat(m.nonce()).isEqualTo("5F1C0A7E93B24D6A8C01E2F3A4B5C6D7");
        assertThat(m.reason()).isEqualTo(Reason.START_UP);
        assertThat(m.reason().startsInteraction()).isTrue();
        assertThat(m.rawReason()).isEqualTo("start-up");
        assertThat(m.maxItems()).isEqualTo(-1);
        assertThat(m.fragment()).as("no fragment attribute means final").isEqualTo(Fragment.FINAL);
        assertThat(m.replyAction()).isNull();
        assertThat(m.replyStatus()).isNull();
        assertThat(m.items()).hasSize(17);
        assertThat(m.item("mac-addr")).contains("00:1A:E8:3B:77:0C");
        assertThat(m.item("device-type")).contains("OpenStage 40");
        assertThat(m.item("contact-me-uri")).contains("http://10.40.8.23:8085/contact_dls.html/ContactDLS");
        assertThat(m.item("e164")).contains("498912340077");
        assertThat(m.items()).filteredOn(i -> i.name().equals("user-pwd-unicode"))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.status()).isEqualTo("failed");
                    assertThat(i.value()).isEmpty();
                    assertThat(i.index()).isNull();
                });
    }

    @Test
    void readAllItemsAndItsReply() throws WpiDecodeException {
        ServiceMessage s = service("02");
        assertThat(s.action()).isEqualTo(Action.READ_ALL_ITEMS);
        assertThat(s.nonce()).isEqualTo("5F1C0A7E93B24D6A8C01E2F3A4B5C6D7");
        assertThat(s.items()).isEmpty();

        PhoneMessage m = phone("03");
        assertThat(m.reason()).isEqualTo(Reason.REPLY_TO);
        assertThat(m.reason().startsInteraction()).isFalse();
        assertThat(m.answeredAction()).contains(Action.READ_ALL_ITEMS);
        assertThat(m.replyStatus()).isEqualTo(ReplyStatus.ACCEPTED);
        assertThat(m.fragment()).isEqualTo(Fragment.FINAL);
        assertThat(m.items()).hasSize(51);
        assertThat(m.item("default-domain")).contains("");
        assertThat(m.items()).filteredOn(i -> i.name().startsWith("file-deployment-"))
                .hasSize(5).allSatisfy(i -> assertThat(i.index()).isEqualTo(1));
        assertThat(m.items()).filteredOn(i -> i.name().equals("ldap-server-address"))
                .singleElement().satisfies(i -> assertThat(i.key()).isEqualTo("ldap-server-address#1"));
    }

    @Test
    void cleanUps() throws WpiDecodeException {
        assertThat(service("04")).isEqualTo(ServiceMessage.of("5F1C0A7E93B24D6A8C01E2F3A4B5C6D7", Action.CLEAN_UP));
        assertThat(service("17").action()).isEqualTo(Action.CLEAN_UP);
        assertThat(service("17").item("send-solicited")).contains("true");
        assertThat(service("18")).isEqualTo(ServiceMessage.cleanUp("19AF28BE37CD46DC55EB64FA7309821B", "wrong TAN from device"));

        PhoneMessage m = phone("56");
        assertThat(m.reason()).isEqualTo(Reason.CLEAN_UP);
        assertThat(m.fragment()).isEqualTo(Fragment.FINAL);
        assertThat(m.item("cleanup-reason")).contains("password retries exceeded");
    }

    @Test
    void phoneDrivenReasons() throws WpiDecodeException {
        PhoneMessage local = phone("05");
        assertThat(local.reason()).isEqualTo(Reason.LOCAL_CHANGES);
        assertThat(local.item("configuration-changed-flag")).contains("true");
        assertThat(local.item("configuration-attached-number")).contains("2");
        assertThat(local.item("sntp-tz-offset")).contains("120");
        assertThat(local.items()).hasSize(21);

        assertThat(phone("06").reason()).isEqualTo(Reason.INVENTORY_CHANGES);

        PhoneMessage status = phone("23");
        assertThat(status.reason()).isEqualTo(Reason.STATUS);
        assertThat(status.item("file-deployment-status")).contains("ok");
        assertThat(status.item("file-deployment-name")).contains("lobby-ring.mp3");
    }

    @Test
    void solicitedAfterContactMeAndAfterPollingAreTheSameMessage() throws WpiDecodeException {
        PhoneMessage m = phone("10");
        assertThat(m.reason()).isEqualTo(Reason.SOLICITED);
        assertThat(m.nonce()).isEqualTo("A03E7C19D4F2480B96C5E1D7F0A2B3C4");
        assertThat(phone("60")).isEqualTo(m);
    }

    @Test
    void readItemsAsksWithEmptyValuesAndGetsValues() throws WpiDecodeException {
        ServiceMessage s = service("11");
        assertThat(s.action()).isEqualTo(Action.READ_ITEMS);
        assertThat(s.items()).extracting(WpiItem::name, WpiItem::index, WpiItem::value).containsExactly(
                tuple("reg-addr", null, ""), tuple("reg-port", null, ""), tuple("sntp-addr", null, ""),
                tuple("e164", null, ""), tuple("ldap-server-address", 1, ""));

        PhoneMessage m = phone("12");
        assertThat(m.answeredAction()).contains(Action.READ_ITEMS);
        assertThat(m.items()).extracting(WpiItem::key)
                .containsExactlyElementsOf(s.items().stream().map(WpiItem::key).toList());
        assertThat(m.item("reg-port")).contains("5060");
        assertThat(m.item("ldap-server-address")).contains("directory.example.test");
    }

    @Test
    void writeItemsAndTheThreeKindsOfReply() throws WpiDecodeException {
        ServiceMessage s = service("13");
        assertThat(s.action()).isEqualTo(Action.WRITE_ITEMS);
        assertThat(s.items()).hasSize(5);
        assertThat(s.item("sntp-addr")).contains("ntp.example.test");
        assertThat(s.item("e164")).contains("498912340078");

        PhoneMessage accepted = phone("14");
        assertThat(accepted.answeredAction()).contains(Action.WRITE_ITEMS);
        assertThat(accepted.replyStatus()).isEqualTo(ReplyStatus.ACCEPTED);
        assertThat(accepted.items()).isEmpty();

        PhoneMessage itemStatus = phone("15");
        assertThat(itemStatus.replyStatus()).isEqualTo(ReplyStatus.ACCEPTED);
        assertThat(itemStatus.items()).extracting(WpiItem::name, WpiItem::index, WpiItem::status, WpiItem::value)
                .containsExactly(
                        tuple("desk-lamp-colour", null, "unknown item", ""),
                        tuple("mac-addr", null, "read only", ""),
                        tuple("Canonical-lookup-local-code", 4, "failed", ""),
                        tuple("ldap-server-address", 99, "invalid index", ""));

        PhoneMessage busy = phone("16");
        assertThat(busy.replyStatus()).isEqualTo(ReplyStatus.BUSY);
        assertThat(busy.replyAction()).isEqualTo("WriteItems");
        assertThat(busy.items()).isEmpty();
        assertThat(busy.nonce()).isEqualTo("0E9D8C7B6A5948372615F4E3D2C1B0A9");
    }

    @Test
    void fileAndSoftwareDeployment() throws WpiDecodeException {
        ServiceMessage ftp = service("20");
        assertThat(ftp.action()).isEqualTo(Action.FILE_DEPLOYMENT);
        assertThat(ftp.item("file-port")).contains("21");
        assertThat(ftp.item("file-type")).contains("RINGTONE");

        assertThat(service("21").item("file-https-base-url"))
                .contains("https://files.example.test:18443/media/logo-os40.png");

        ServiceMessage multi = service("22");
        assertThat(multi.items()).hasSize(11);
        assertThat(multi.items()).filteredOn(i -> i.name().equals("file-action"))
                .extracting(WpiItem::index, WpiItem::value).containsExactly(tuple(1, "deploy"), tuple(2, "delete"));

        ServiceMessage sw = service("24");
        assertThat(sw.action()).isEqualTo(Action.SOFTWARE_DEPLOYMENT);
        assertThat(sw.item("file-priority")).contains("normal");
        assertThat(sw.item("file-sw-version")).contains("3.5.15.0");
    }

    @Test
    void restartAndFactoryReset() throws WpiDecodeException {
        assertThat(service("25")).isEqualTo(ServiceMessage.of("84A1B2C3D4E5F60718293A4B5C6D7E8F", Action.RESTART));
        ServiceMessage reset = service("26");
        assertThat(reset.action()).isEqualTo(Action.RESTART);
        assertThat(reset.item("restart-password")).contains("124816");
        assertThat(reset.item("restart-type")).contains("FactoryReset");
    }

    @Test
    void phoneSideFragmentation() throws WpiDecodeException {
        PhoneMessage first = phone("30");
        assertThat(first.fragment()).isEqualTo(Fragment.NEXT);
        assertThat(first.answeredAction()).contains(Action.READ_ALL_ITEMS);
        assertThat(first.items()).hasSize(17);

        assertThat(service("31")).isEqualTo(ServiceMessage.of("C4E1F0A29B3D4C5E6F708192A3B4C5D6", Action.GET_NEXT_FRAGMENT));

        PhoneMessage last = phone("32");
        assertThat(last.fragment()).isEqualTo(Fragment.FINAL);
        assertThat(last.answeredAction()).contains(Action.READ_ALL_ITEMS);
        assertThat(last.items()).extracting(WpiItem::name)
                .containsExactly("pwd-upper", "pwd-lower", "pwd-digit", "pwd-punct", "pwd-sequence-length");
    }

    @Test
    void serviceSideSplittingByMaxItems() throws WpiDecodeException {
        PhoneMessage m = phone("33");
        assertThat(m.maxItems()).isEqualTo(3);
        assertThat(m.reason()).isEqualTo(Reason.SOLICITED);
        assertThat(service("34").items()).hasSize(3);
        assertThat(phone("35").maxItems()).isEqualTo(3);
        assertThat(phone("35").items()).isEmpty();
        assertThat(service("36").items()).extracting(WpiItem::name, WpiItem::value)
                .containsExactly(tuple("pwd-retries", "3"), tuple("pwd-suspended-duration", "10"));
    }

    @Test
    void certificates() throws WpiDecodeException {
        assertThat(service("40").item("wbm-server-certificate"))
                .contains("UExBQ0VIT0xERVItUEtDUzEyLVdCTS1TRVJWRVItQ0VSVA==");
        assertThat(service("41").items()).containsExactly(WpiItem.of("wbm-server-certificate-info", ""));
        assertThat(phone("42").item("wbm-server-certificate-info"))
                .contains("CN=os40-0077.example.test; valid until 2018-03-31 (FORMAT UNCONFIRMED)");
    }

    @Test
    void secureModeBootstrapping() throws WpiDecodeException {
        ServiceMessage noPin = service("50");
        assertThat(noPin.item("goto-secure-mode")).contains("nopin");
        assertThat(noPin.item("dls-secure-port")).contains("18444");
        // A value that spans lines keeps its inner line breaks.
        assertThat(noPin.items()).filteredOn(i -> i.name().equals("dls-server-ca")).singleElement().satisfies(i -> {
            assertThat(i.index()).isZero();
            assertThat(i.value()).startsWith("-----BEGIN CERTIFICATE-----\nPLACEHOLDER")
                    .endsWith("\n-----END CERTIFICATE-----").hasLineCount(3);
        });

        ServiceMessage pin = service("52");
        assertThat(pin.item("goto-secure-mode")).contains("pin");
        assertThat(pin.item("max-pin-retries")).contains("3");

        assertThat(phone("53").replyStatus()).isEqualTo(ReplyStatus.ACCEPTED);
        assertThat(service("54").items()).containsExactly(WpiItem.of("bootstrapping-tan", ""));
        assertThat(phone("55").item("bootstrapping-tan")).contains("805");
    }
}

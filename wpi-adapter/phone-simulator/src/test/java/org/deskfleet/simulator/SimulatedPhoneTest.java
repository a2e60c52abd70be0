package org.deskfleet.simulator;

import org.deskfleet.wpi.codec.WpiItem;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatedPhoneTest {

    /** Names and order of example 01's start-up message. */
    static final List<String> EXAMPLE_01 = List.of("device-type", "related-device-type", "gigabit-ethernet-enabled",
            "software-type", "related-software-type", "software-version", "related-software-version", "contact-me-uri",
            "mac-addr", "configuration-changed-flag", "part-number", "sip-mobility-state", "e164", "user-pwd",
            "user-pwd-unicode", "basic-e164", "mobility-enabled");

    static final Set<String> DEVICE_TYPES = Set.of("OpenStage 40", "OpenStage 60", "OpenStage 80",
            "OpenScape Desk Phone CP210", "OpenScape Desk Phone CP400", "OpenScape Desk Phone CP710");

    @Test
    void sameSeedAndSequenceGiveTheSamePhone() {
        SimulatedPhone a = SimulatedPhone.generate(42, 7);
        SimulatedPhone b = SimulatedPhone.generate(42, 7);
        assertThat(a.allItems()).isEqualTo(b.allItems());
        assertThat(a.mac()).isEqualTo(b.mac());
        assertThat(a.newNonce()).isEqualTo(b.newNonce());
        assertThat(SimulatedPhone.generate(43, 7).mac()).isNotEqualTo(a.mac());
    }

    @Test
    void identitiesLookReal() {
        for (SimulatedPhone p : SimulatedPhone.fleet(1, 0, 200)) {
            assertThat(p.mac()).matches("00:1A:E8(:[0-9A-F]{2}){3}");
            assertThat(p.e164()).matches("49\\d{10,11}");
            assertThat(p.ipAddress()).startsWith("127.");
            assertThat(p.deviceType()).isIn(DEVICE_TYPES);
            assertThat(p.value("software-type")).contains("Siemens SIP");
            assertThat(p.softwareVersion()).matches("V\\d R\\d+\\.\\d+\\.\\d+");
            assertThat(p.contactMeUri()).isEqualTo("http://" + p.ipAddress() + ":8085/contact_dls.html/ContactDLS");
            assertThat(p.value("mac-addr")).contains(p.mac());
            assertThat(p.value("basic-e164")).contains(p.e164());
        }
    }

    @Test
    void macIpAndE164AreUniqueInAFleet() {
        List<SimulatedPhone> fleet = SimulatedPhone.fleet(99, 0, 10_000);
        assertThat(fleet.stream().map(SimulatedPhone::mac).distinct().count()).isEqualTo(10_000);
        assertThat(fleet.stream().map(SimulatedPhone::e164).distinct().count()).isEqualTo(10_000);
        assertThat(fleet.stream().map(SimulatedPhone::ipAddress).distinct().count()).isEqualTo(10_000);
    }

    @Test
    void fullItemSetIsLargeWithUniqueKeys() {
        SimulatedPhone p = SimulatedPhone.generate(1, 0);
        List<WpiItem> all = p.allItems();
        assertThat(all).hasSizeGreaterThanOrEqualTo(140);
        Set<String> keys = new HashSet<>();
        all.forEach(i -> assertThat(keys.add(i.key())).as("duplicate %s", i.key()).isTrue());
        assertThat(all).anyMatch(i -> i.index() != null);
        assertThat(all).noneMatch(i -> i.value().contains("{"));
    }

    @Test
    void basicItemsAreExample01() {
        SimulatedPhone p = SimulatedPhone.generate(1, 3);
        List<WpiItem> basic = p.basicItems();
        assertThat(basic).extracting(WpiItem::name).containsExactlyElementsOf(EXAMPLE_01);
        WpiItem unicode = basic.get(EXAMPLE_01.indexOf("user-pwd-unicode"));
        assertThat(unicode.status()).isEqualTo("failed");
        assertThat(unicode.value()).isEmpty();
        assertThat(p.allItems().subList(0, 17)).isEqualTo(basic);
    }

    @Test
    void noncesAreUpperHexAndNewPerInteraction() {
        SimulatedPhone p = SimulatedPhone.generate(5, 5);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String n = p.newNonce();
            assertThat(n).matches("[0-9A-F]{32}");
            assertThat(seen.add(n)).isTrue();
        }
    }

    @Test
    void mutations() {
        SimulatedPhone p = SimulatedPhone.generate(1, 1);
        int before = p.itemCount();
        p.markConfigurationChanged(true);
        assertThat(p.configurationChanged()).isTrue();
        p.changeSoftwareVersion("V3 R5.30.0");
        assertThat(p.value("software-version")).contains("V3 R5.30.0");
        assertThat(p.value("related-software-version")).contains("V3 R5.30.0");
        p.setItem("reg-port", "5061");
        p.setItem("XML-app-name", 2, "phonebook");
        assertThat(p.value("reg-port")).contains("5061");
        assertThat(p.item("XML-app-name#2")).map(WpiItem::value).contains("phonebook");
        assertThat(p.itemCount()).isEqualTo(before + 1);
        // the basic items follow the changes
        assertThat(p.basicItems()).contains(WpiItem.of("software-version", "V3 R5.30.0"));
    }

    @Test
    void readItemsAnswersValuesAndStatuses() {
        SimulatedPhone p = SimulatedPhone.generate(1, 2);
        List<WpiItem> answer = p.readItems(List.of(WpiItem.of("reg-port", ""), WpiItem.of("alert", ""),
                WpiItem.indexed("ldap-server-address", 1, ""), WpiItem.indexed("ldap-server-address", 9, ""),
                WpiItem.of("no-such-item", "")));
        assertThat(answer).contains(WpiItem.of("reg-port", "5060"));
        assertThat(answer).filteredOn(i -> i.name().equals("alert")).hasSize(3);
        assertThat(answer).contains(WpiItem.indexed("ldap-server-address", 1, "directory.example.test"));
        assertThat(answer).contains(new WpiItem("ldap-server-address", 9, "", "invalid index"));
        assertThat(answer).contains(new WpiItem("no-such-item", null, "", "unknown item"));
    }
}

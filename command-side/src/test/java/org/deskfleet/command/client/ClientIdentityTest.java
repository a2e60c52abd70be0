package org.deskfleet.command.client;

import org.deskfleet.kernel.ReportedItem;
import org.deskfleet.kernel.client.ClientIdentity;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A phone's address as the server records it, from what each request carries. */
class ClientIdentityTest {

    private static final String URI = "http://10.0.0.9:8085/contact_dls.html/ContactDLS";

    private static Map<String, ReportedItem> reported(String... nameValues) {
        Map<String, ReportedItem> out = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            out.put(nameValues[i], new ReportedItem(nameValues[i], null, nameValues[i + 1], null));
        }
        return out;
    }

    @Test
    void theAddressThePhoneReportsIsKeptByRequestsThatCarryOnlyItsContactMeUri() {
        ClientIdentity first = ClientDecider.identityOf(reported("contact-me-uri", URI, "ipaddress", "10.1.2.3"), "192.0.2.1",
                ClientIdentity.EMPTY);
        assertThat(first.ipAddress()).isEqualTo("10.1.2.3");
        // A later request with the basic items only (the URI, no address): the address stays.
        ClientIdentity next = ClientDecider.identityOf(reported("contact-me-uri", URI), "192.0.2.1", first);
        assertThat(next.ipAddress()).isEqualTo("10.1.2.3");
        assertThat(next).isEqualTo(first);
    }

    @Test
    void withoutAnAddressTheContactMeHostStandsForItAndANewUriMovesIt() {
        ClientIdentity first = ClientDecider.identityOf(reported("contact-me-uri", URI), "192.0.2.1", ClientIdentity.EMPTY);
        assertThat(first.ipAddress()).isEqualTo("10.0.0.9");
        ClientIdentity moved = ClientDecider.identityOf(reported("contact-me-uri", "http://10.7.7.7:8085/contact_dls.html/ContactDLS"),
                "192.0.2.1", first);
        assertThat(moved.ipAddress()).isEqualTo("10.7.7.7");
        ClientIdentity peer = ClientDecider.identityOf(reported(), "192.0.2.1", ClientIdentity.EMPTY);
        assertThat(peer.ipAddress()).isEqualTo("192.0.2.1");
    }
}

package org.deskfleet.wpi.server.contactme;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ContactFenceTest {

    @Test
    void byDefaultOnlyThePhonesOwnAddressOnThePhonePortAndTheFixedPath() {
        ContactFence fence = new ContactFence(8085, List.of());
        for (String reported : new String[]{"http://169.254.169.254:80/latest/meta-data", "http://127.0.0.1:8080/graphql",
                "http://intranet.example/admin", "http://10.1.2.3:8085/contact_dls.html/ContactDLS", null, "::garbage::"}) {
            ContactFence.Target t = fence.target(reported, "10.40.7.9");
            assertThat(t.uri()).as(reported).isEqualTo(URI.create("http://10.40.7.9:8085/contact_dls.html/ContactDLS"));
        }
        assertThat(fence.target("http://10.1.2.3:8085/", "fe80::1").uri())
                .isEqualTo(URI.create("http://[fe80::1]:8085/contact_dls.html/ContactDLS"));
    }

    @Test
    void withoutAKnownAddressOrWithAHostNameNothingIsContacted() {
        ContactFence fence = new ContactFence(8085, List.of());
        assertThat(fence.target("http://10.1.2.3:8085/", null).allowed()).isFalse();
        assertThat(fence.target("http://10.1.2.3:8085/", "phone.example").allowed()).isFalse();
    }

    @Test
    void aWidenedFenceTakesTheReportedAddressInsideItsNetworksButNeverAHostName() {
        ContactFence fence = new ContactFence(8085, List.of("10.40.0.0/16"));
        assertThat(fence.target("http://10.40.1.2:9000/anything", "192.0.2.1").uri())
                .isEqualTo(URI.create("http://10.40.1.2:9000/contact_dls.html/ContactDLS"));
        // Outside the widened networks: back to the phone's own address.
        assertThat(fence.target("http://169.254.169.254/", "192.0.2.1").uri())
                .isEqualTo(URI.create("http://192.0.2.1:8085/contact_dls.html/ContactDLS"));
        ContactFence.Target named = fence.target("http://phones.example:8085/", "192.0.2.1");
        assertThat(named.allowed()).isFalse();
        assertThat(named.refusal()).contains("host name");
    }

    @Test
    void theClientNeverResolvesAHostName() throws Exception {
        try (ContactMeClient client = new ContactMeClient(ContactMeClient.Settings.DEFAULT, Clock.systemUTC())) {
            ContactOutcome o = client.contact("00:1a:e8:00:00:01", URI.create("http://localhost:8085/contact_dls.html/ContactDLS"))
                    .get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(o.result()).isEqualTo(ContactOutcome.Result.BLOCKED);
            assertThat(o.detail()).contains("host name");
        }
    }
}

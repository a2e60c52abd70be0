package org.deskfleet.wpi.server.contactme;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The contact-gap memory forgets what no longer decides anything: it does not grow with every address ever contacted. */
class ContactMemoryTest {

    @Test
    void contactsOlderThanTheGapAreForgotten() {
        Instant[] now = {Instant.parse("2026-01-01T00:00:00Z")};
        Clock clock = new Clock() {
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId z) {
                return this;
            }

            public Instant instant() {
                return now[0];
            }
        };
        var settings = new ContactMeClient.Settings(Duration.ofSeconds(300), 100_000, Duration.ofMillis(500), null, null);
        try (ContactMeClient client = new ContactMeClient(settings, clock)) {
            URI closedPort = URI.create("http://127.0.0.1:1/contact_dls.html/ContactDLS");
            for (int i = 0; i < 200; i++) {
                client.contact("scan-" + i, closedPort).join();
            }
            assertThat(client.remembered()).isEqualTo(200);
            now[0] = now[0].plusSeconds(301);
            client.contact("later", closedPort).join();
            assertThat(client.remembered()).isEqualTo(1);
        }
    }
}

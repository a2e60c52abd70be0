package org.deskfleet.wpi.server.contactme;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A sweep over a loopback range: every host address is asked once, progress adds up, wide ranges are refused. */
class IpRangeScannerTest {

    @Test
    void everyHostOfTheRangeIsAskedAndCounted() throws Exception {
        // Listen on all of 127.0.0.0/8 (the whole block reaches loopback); only 127.0.0.1..6 are swept.
        HttpServer phones = HttpServer.create(new InetSocketAddress("0.0.0.0", 0), 0);
        List<String> asked = new CopyOnWriteArrayList<>();
        phones.createContext("/contact_dls.html/ContactDLS", ex -> {
            asked.add(ex.getLocalAddress().getAddress().getHostAddress());
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        phones.start();
        try (ContactMeClient client = new ContactMeClient(new ContactMeClient.Settings(Duration.ZERO, 50,
                Duration.ofSeconds(2), null, null), Clock.systemUTC())) {
            IpRangeScanner scanner = new IpRangeScanner(client, phones.getAddress().getPort());
            List<IpRangeScanner.ScanProgress> seen = new CopyOnWriteArrayList<>();
            var scan = scanner.start("127.0.0.3", "255.255.255.248", seen::add);
            var end = scan.done().get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(end.total()).isEqualTo(6);
            assertThat(end.acknowledged()).isEqualTo(6);
            assertThat(asked).containsExactlyInAnyOrder("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6");
            assertThat(seen).hasSize(6);
            assertThat(scanner.find(end.id())).isPresent();
        } finally {
            phones.stop(0);
        }
    }

    @Test
    void masksAreReadAndWideRangesRefused() {
        assertThat(IpRangeScanner.prefixOf("255.255.255.0")).isEqualTo(24);
        assertThat(IpRangeScanner.prefixOf("/29")).isEqualTo(29);
        assertThatThrownBy(() -> IpRangeScanner.prefixOf("255.0.255.0")).hasMessageContaining("contiguous");
        try (ContactMeClient client = new ContactMeClient(ContactMeClient.Settings.DEFAULT, Clock.systemUTC())) {
            assertThatThrownBy(() -> new IpRangeScanner(client, 8085).start("10.0.0.0", "255.0.0.0", p -> { }))
                    .hasMessageContaining("too wide");
            assertThatThrownBy(() -> new IpRangeScanner(client, 8085).start("phone.example", "/24", p -> { }))
                    .hasMessageContaining("not an IPv4 address");
        }
    }
}

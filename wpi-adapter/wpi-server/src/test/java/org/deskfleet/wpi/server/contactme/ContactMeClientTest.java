package org.deskfleet.wpi.server.contactme;

import com.sun.net.httpserver.HttpServer;
import org.deskfleet.wpi.server.contactme.ContactOutcome.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Contact-me against fake phones on loopback. */
class ContactMeClientTest {

    private record Received(String method, String path, String contentType, String host, String body, long nanos) {
    }

    private HttpServer phone;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int status = 204;

    @BeforeEach
    void startPhone() throws IOException {
        phone = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        phone.createContext("/contact_dls.html/ContactDLS", ex -> {
            received.add(new Received(ex.getRequestMethod(), ex.getRequestURI().getPath(),
                    ex.getRequestHeaders().getFirst("Content-Type"), ex.getRequestHeaders().getFirst("Host"),
                    new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), System.nanoTime()));
            ex.getResponseHeaders().add("Server", "DlsClient");
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        phone.createContext("/slow", ex -> {
            try {
                Thread.sleep(2000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        phone.start();
    }

    @AfterEach
    void stopPhone() {
        phone.stop(0);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + phone.getAddress().getPort() + path);
    }

    @Test
    void aPhoneIsAskedToCallBackWithTheGuidesForm() {
        var settings = new ContactMeClient.Settings(Duration.ZERO, 50, Duration.ofSeconds(2), "10.40.1.5", 18443);
        try (ContactMeClient client = new ContactMeClient(settings, Clock.systemUTC())) {
            ContactOutcome o = client.contact("00:1a:e8:00:00:01", uri("/contact_dls.html/ContactDLS")).join();
            assertThat(o.result()).isEqualTo(Result.ACKNOWLEDGED);
            assertThat(o.httpStatus()).isEqualTo(204);
        }
        Received r = received.getFirst();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.contentType()).startsWith("application/x-www-form-urlencoded");
        assertThat(r.body()).isEqualTo("ContactMe=true&dls_ip_addr=10.40.1.5&dls_ip_port=18443");
        assertThat(r.host()).isEqualTo("127.0.0.1:" + phone.getAddress().getPort());
    }

    @Test
    void refusedUnreachableAndSilentPhonesAreToldApart() throws IOException {
        var settings = new ContactMeClient.Settings(Duration.ZERO, 50, Duration.ofMillis(400), null, null);
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        status = 500;
        try (ContactMeClient client = new ContactMeClient(settings, Clock.systemUTC())) {
            assertThat(client.contact("a", uri("/contact_dls.html/ContactDLS")).join().result()).isEqualTo(Result.REFUSED);
            assertThat(client.contact("b", URI.create("http://127.0.0.1:" + closed + "/contact_dls.html/ContactDLS")).join().result())
                    .isEqualTo(Result.UNREACHABLE);
            assertThat(client.contact("c", uri("/slow")).join().result()).isEqualTo(Result.TIMED_OUT);
        }
        assertThat(received).hasSize(1);
    }

    @Test
    void theContactGapIsRespectedPerPhone() {
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
        var settings = new ContactMeClient.Settings(Duration.ofSeconds(300), 50, Duration.ofSeconds(2), null, null);
        try (ContactMeClient client = new ContactMeClient(settings, clock)) {
            assertThat(client.contact("p", uri("/contact_dls.html/ContactDLS")).join().result()).isEqualTo(Result.ACKNOWLEDGED);
            now[0] = now[0].plusSeconds(299);
            assertThat(client.contact("p", uri("/contact_dls.html/ContactDLS")).join().result()).isEqualTo(Result.SKIPPED_CONTACT_GAP);
            assertThat(client.contact("q", uri("/contact_dls.html/ContactDLS")).join().result()).isEqualTo(Result.ACKNOWLEDGED);
            now[0] = now[0].plusSeconds(2);
            assertThat(client.contact("p", uri("/contact_dls.html/ContactDLS")).join().result()).isEqualTo(Result.ACKNOWLEDGED);
        }
        assertThat(received).hasSize(3);
    }

    @Test
    void theGlobalRateSpreadsRequestsWithoutDroppingAny() {
        var settings = new ContactMeClient.Settings(Duration.ZERO, 20, Duration.ofSeconds(2), null, null);
        try (ContactMeClient client = new ContactMeClient(settings, Clock.systemUTC())) {
            List<CompletableFuture<ContactOutcome>> all = IntStream.range(0, 10)
                    .mapToObj(i -> client.contact("phone-" + i, uri("/contact_dls.html/ContactDLS"))).toList();
            all.forEach(f -> assertThat(f.join().result()).isEqualTo(Result.ACKNOWLEDGED));
        }
        assertThat(received).hasSize(10);
        long spreadMillis = (received.getLast().nanos() - received.getFirst().nanos()) / 1_000_000;
        // 10 requests at 20/s take at least 9 intervals of 50 ms
        assertThat(spreadMillis).isGreaterThanOrEqualTo(400);
    }

    @Test
    void onlyHttpContactUrisAreUsed() {
        try (ContactMeClient client = new ContactMeClient(ContactMeClient.Settings.DEFAULT, Clock.systemUTC())) {
            assertThat(client.contact("x", URI.create("ftp://10.0.0.1/x"))).isCompletedExceptionally();
        }
    }
}

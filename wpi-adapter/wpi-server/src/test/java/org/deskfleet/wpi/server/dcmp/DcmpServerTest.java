package org.deskfleet.wpi.server.dcmp;

import org.deskfleet.wpi.server.work.DeviceJob;
import org.deskfleet.wpi.server.work.JobOutcome;
import org.deskfleet.wpi.server.work.PendingWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The poll endpoint's answers, on the usual fast path and through the query-string decoder. */
class DcmpServerTest {

    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final List<String> polled = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private DcmpServer server;

    @BeforeEach
    void start() {
        PendingWork work = new PendingWork() {
            @Override
            public boolean hasPending(String deviceId) {
                return pending.contains(deviceId);
            }

            @Override
            public Optional<DeviceJob> next(String deviceId) {
                return Optional.empty();
            }

            @Override
            public void finished(String deviceId, String jobId, JobOutcome outcome) {
            }

            @Override
            public void deferred(String deviceId, String jobId, String reason) {
            }
        };
        server = new DcmpServer(new DcmpServer.Settings("127.0.0.1", 0, "", null, Duration.ofSeconds(60), 1), work,
                (deviceId, at, remote) -> polled.add(deviceId + "@" + remote), Clock.systemUTC()).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersEachPollOfAKeptAliveConnectionWithItsOwnState() throws Exception {
        String mac = "00:1a:e8:00:00:01";
        for (int i = 0; i < 6; i++) {
            boolean waiting = i % 2 == 1;
            if (waiting) {
                pending.add(mac);
            } else {
                pending.remove(mac);
            }
            HttpResponse<String> r = get("/dcmp/contact-me?device-id=" + mac);
            assertThat(r.statusCode()).isEqualTo(waiting ? 202 : 200);
            assertThat(r.body()).isEmpty();
            assertThat(r.headers().firstValue("content-length")).contains("0");
        }
        assertThat(polled).hasSize(6).allMatch(p -> p.equals(mac + "@127.0.0.1"));
    }

    @Test
    void everySpellingOfTheIdIsTheSamePhone() throws Exception {
        pending.add("00:1a:e8:00:00:02");
        assertThat(get("/dcmp/contact-me?device-id=00:1A:E8:00:00:02").statusCode()).isEqualTo(202);
        assertThat(get("/dcmp/contact-me?device-id=00%3A1A%3AE8%3A00%3A00%3A02").statusCode()).isEqualTo(202);
        assertThat(get("/dcmp/contact-me?device-id=001ae8000002&x=1").statusCode()).isEqualTo(202);
        assertThat(polled).containsOnly("00:1a:e8:00:00:02@127.0.0.1").hasSize(3);
    }

    @Test
    void refusesWhatIsNoPoll() throws Exception {
        assertThat(get("/dcmp/contact-me?device-id=nope").statusCode()).isEqualTo(400);
        assertThat(get("/dcmp/contact-me?device-id=").statusCode()).isEqualTo(400);
        assertThat(get("/dcmp/contact-me").statusCode()).isEqualTo(400);
        assertThat(get("/dcmp/contact-me?device-id=00:1a:e8:00:00:01&device-id=00:1a:e8:00:00:02").statusCode()).isEqualTo(400);
        assertThat(get("/dcmp/contact-me?device-id=00:1a:e8:00:00:01?x").statusCode()).isEqualTo(400);
        HttpResponse<String> notFound = get("/dcmp/elsewhere?device-id=00:1a:e8:00:00:01");
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.body()).contains("no DCMP service at /dcmp/elsewhere");
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/dcmp/contact-me?device-id=00:1a:e8:00:00:01")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(polled).isEmpty();
    }

    @Test
    void closesWhenThePhoneAsksTo() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /dcmp/contact-me?device-id=00:1a:e8:00:00:03 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
            String line;
            boolean close = false;
            while ((line = in.readLine()) != null && !line.isEmpty()) {
                close |= line.equalsIgnoreCase("connection: close");
            }
            assertThat(close).isTrue();
            assertThat(in.read()).as("closed by the server").isEqualTo(-1);
        }
    }
}

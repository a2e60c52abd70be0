package org.deskfleet.wpi.server.netty;

import org.deskfleet.kernel.client.RecordReportedItems;
import org.deskfleet.kernel.client.RegisterClient;
import org.deskfleet.kernel.client.RegistrationOutcome;
import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.WpiCodec;
import org.deskfleet.wpi.codec.WpiItem;
import org.deskfleet.wpi.server.WpiServerSettings;
import org.deskfleet.wpi.server.interaction.ClientCommands;
import org.deskfleet.wpi.server.interaction.InMemoryInteractionStore;
import org.deskfleet.wpi.server.interaction.InteractionEngine;
import org.deskfleet.wpi.server.tls.ServerCertificate;
import org.deskfleet.wpi.server.tls.TlsPolicy;
import org.deskfleet.wpi.server.work.DeviceJob;
import org.deskfleet.wpi.server.work.InMemoryPendingWork;
import org.deskfleet.wpi.server.work.JobOutcome;
import org.deskfleet.wpi.server.work.PendingWork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing blocks a network event loop. BlockHound (with Netty's own allowances) watches every Netty event
 * loop of this JVM while phones register and are served a job; the command side and the pending work here
 * block the way a store does. The same flow with the work done on the loop is caught, so the check can fail.
 * Runs in a JVM of its own (see the module's surefire configuration).
 */
class EventLoopBlockingTest {

    private static final List<String> DETECTED = new CopyOnWriteArrayList<>();
    private static final ServerCertificate CERT = ServerCertificate.generate("blocking-test");
    private static final String MAC = "00:1a:e8:00:00:2a";

    @BeforeAll
    static void watch() {
        BlockHound.Builder builder = BlockHound.builder();
        // Netty's own integration: its event loops are watched, its internals allowed.
        java.util.ServiceLoader.load(reactor.blockhound.integration.BlockHoundIntegration.class).forEach(builder::with);
        builder.blockingMethodCallback(m -> DETECTED.add(m + " on " + Thread.currentThread().getName())).install();
    }

    @Test
    void phonesAreServedWithoutBlockingAnEventLoop() throws Exception {
        DETECTED.clear();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (WpiServer server = start(pool)) {
            serveOnePhone(server.port());
        } finally {
            pool.shutdownNow();
        }
        assertThat(DETECTED).as("blocking calls on event loops").isEmpty();
    }

    @Test
    void workDoneOnTheLoopIsCaught() throws Exception {
        DETECTED.clear();
        try (WpiServer server = start(null)) {
            serveOnePhone(server.port());
        }
        assertThat(DETECTED).as("the check sees a store call on the loop").isNotEmpty();
    }

    private static void serveOnePhone(int port) throws Exception {
        try (SSLSocket s = connect(port)) {
            String first = post(s, """
                    <WorkpointMessage xmlns="http://www.siemens.com/DLS"><Message nonce="0A1B" maxItems="-1">
                    <ReasonForContact>start-up</ReasonForContact><ItemList>
                    <Item name="mac-addr">%s</Item><Item name="device-type">OpenStage 40</Item>
                    <Item name="software-version">V3 R5.14.0</Item></ItemList></Message></WorkpointMessage>""".formatted(MAC));
            assertThat(first).contains("WriteItems");
            String second = post(s, """
                    <WorkpointMessage xmlns="http://www.siemens.com/DLS"><Message nonce="0A1B" maxItems="-1">
                    <ReasonForContact action="WriteItems" status="accepted">reply-to</ReasonForContact>
                    <ItemList/></Message></WorkpointMessage>""");
            assertThat(second).contains("CleanUp");
        }
    }

    private static WpiServer start(ExecutorService offLoop) {
        ClientCommands blockingStore = new ClientCommands() {
            @Override
            public CompletableFuture<RegistrationOutcome> register(RegisterClient command) {
                pause(); // an event-store write
                return CompletableFuture.completedFuture(new RegistrationOutcome(false, false));
            }

            @Override
            public CompletableFuture<Void> recordItems(RecordReportedItems command) {
                pause();
                return CompletableFuture.completedFuture(null);
            }
        };
        InMemoryPendingWork memory = new InMemoryPendingWork();
        memory.add(MAC, new DeviceJob("j1", List.of(new DeviceJob.Step(Action.WRITE_ITEMS, List.of(WpiItem.of("e164", "4930"))))));
        PendingWork work = new PendingWork() {
            @Override
            public Optional<DeviceJob> next(String deviceId) {
                pause(); // reading and decrypting the job's values
                return memory.next(deviceId);
            }

            @Override
            public boolean hasPending(String deviceId) {
                return memory.hasPending(deviceId);
            }

            @Override
            public void finished(String deviceId, String jobId, JobOutcome outcome) {
                memory.finished(deviceId, jobId, outcome);
            }

            @Override
            public void deferred(String deviceId, String jobId, String reason) {
                memory.deferred(deviceId, jobId, reason);
            }

            @Override
            public void startedUp(String deviceId, String softwareVersion) {
                memory.startedUp(deviceId, softwareVersion);
            }
        };
        InteractionEngine engine = new InteractionEngine(new WpiCodec(),
                new InMemoryInteractionStore(Duration.ofMinutes(1), Clock.systemUTC()), blockingStore, (d, t, r) -> { },
                work, Clock.systemUTC(), 10);
        if (offLoop != null) {
            engine.workingOn(offLoop);
        }
        var settings = new WpiServerSettings("127.0.0.1", 0, WpiServerSettings.DEFAULT_PATH, Path.of("unused"), 10,
                65536, Duration.ofSeconds(30), Duration.ofMinutes(1), TlsPolicy.MODERN);
        return new WpiServer(settings, engine, CERT).start();
    }

    private static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String post(SSLSocket s, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        s.getOutputStream().write(("POST " + WpiServerSettings.DEFAULT_PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: text/xml\r\nContent-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().write(bytes);
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new AssertionError("connection closed; got " + head);
            }
            head.write(c);
        }
        int length = 0;
        for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static SSLSocket connect(int port) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[]{new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] c, String a) { }

            public void checkServerTrusted(X509Certificate[] c, String a) { }

            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        return s;
    }
}

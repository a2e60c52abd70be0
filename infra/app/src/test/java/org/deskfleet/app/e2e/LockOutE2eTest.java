package org.deskfleet.app.e2e;

import org.deskfleet.app.DeskfleetApplication;
import org.deskfleet.app.config.WpiConfiguration;
import org.deskfleet.simulator.ClientConfig;
import org.deskfleet.simulator.ConnectionMode;
import org.deskfleet.simulator.PhoneSimulator;
import org.deskfleet.simulator.RunReport;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.simulator.WpiHttpsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-ups with invented MACs that never answer, from eight source addresses, each trying to hold more than
 * its share, while 100 real (simulated) phones register: the attackers together could fill every slot, but
 * per address they hold at most their cap, and an address holding fewer takes the oldest silent interaction
 * of the one holding most. All 100 phones register.
 */
class LockOutE2eTest {

    private static final int ATTACKERS = 8;

    @TempDir
    Path data;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aFakeMacStartUpFloodDoesNotLockOutRealPhones() throws Exception {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(DeskfleetApplication.class).run(
                "--deskfleet.data=" + data, "--server.port=0", "--deskfleet.wpi.port=0", "--deskfleet.wpi.secure-port=0",
                "--deskfleet.dcmp.port=0", "--deskfleet.wpi.host=127.0.0.1",
                "--deskfleet.wpi.max-interactions=64", "--deskfleet.wpi.max-interactions-per-address=16")) {
            int port = app.getBean(WpiConfiguration.WpiListener.class).port();
            EndToEndSupport.awaitDeliveryCurrent(app); // until then phones are told to come back later
            Queue<HostilePeer> held = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger fakeStartUps = new AtomicInteger();
            AtomicInteger fakeOpened = new AtomicInteger();
            ExecutorService flood = Executors.newFixedThreadPool(ATTACKERS);
            SecureRandom random = new SecureRandom();
            try {
                for (int a = 0; a < ATTACKERS; a++) {
                    String from = "127.0.0." + (10 + a);
                    flood.submit(() -> {
                        // Each address keeps trying; bounded in count so the test stays small.
                        for (int n = 0; n < 2_000 && !stop.get(); n++) {
                            try {
                                HostilePeer peer = HostilePeer.connect(from, port);
                                String answer = peer.post(HostilePeer.startUp(HostilePeer.randomMac(random)));
                                fakeStartUps.incrementAndGet();
                                if (answer.contains("ReadAllItems")) {
                                    fakeOpened.incrementAndGet();
                                    held.add(peer); // holds its interaction: never answers, never closes
                                } else {
                                    peer.close();
                                }
                            } catch (Exception e) {
                                // refused or closed: keep flooding
                            }
                            try {
                                Thread.sleep(25);
                            } catch (InterruptedException e) {
                                return null;
                            }
                        }
                        return null;
                    });
                }
                // Let the flood fill the server first.
                EndToEndSupport.await(fakeOpened::get, n -> n >= 64, "the flood to hold every slot",
                        java.time.Duration.ofSeconds(60));

                List<SimulatedPhone> fleet = SimulatedPhone.fleet(1212, 0, 100);
                RunReport report;
                try (WpiHttpsClient client = new WpiHttpsClient(ClientConfig.of("127.0.0.1", port, ConnectionMode.KEEP_ALIVE))) {
                    // Real phones retry until served; on a busy build machine the five tries of the default policy
                    // can run out while the flood is being shed, so they get as many as in the overload test.
                    report = new PhoneSimulator(client, new org.deskfleet.wpi.codec.WpiCodec(),
                            new org.deskfleet.simulator.RetryPolicy(30, java.time.Duration.ofSeconds(2),
                                    java.time.Duration.ofSeconds(4), 64)).run(fleet, 20);
                }
                stop.set(true);
                assertThat(report.failed()).as("phones that gave up: " + report).isZero();
                assertThat(report.registered()).isEqualTo(100);
                GraphQlClient graphql = new GraphQlClient(((WebServerApplicationContext) app).getWebServer().getPort(), data);
                for (SimulatedPhone phone : fleet) {
                    EndToEndSupport.await(() -> !graphql.data("query($id: ID!) { client(deviceId: $id) { deviceId } }",
                                    java.util.Map.of("id", phone.mac())).get("client").isNull(),
                            Boolean::booleanValue, "phone " + phone.mac() + " in the read model");
                }
                assertThat(fakeStartUps.get()).as("start-ups the flood got answered").isGreaterThan(64);
            } finally {
                stop.set(true);
                flood.shutdownNow();
                flood.awaitTermination(20, TimeUnit.SECONDS);
                held.forEach(HostilePeer::close);
            }
        }
    }
}

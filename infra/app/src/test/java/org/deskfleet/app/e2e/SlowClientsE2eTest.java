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
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 1,000 connections from ten addresses that send a request one byte a second (each byte would reset an idle
 * timeout), while real phones register: every phone is served, and the server closes every slow connection
 * once its request deadline has passed.
 */
class SlowClientsE2eTest {

    @TempDir
    Path data;

    @Test
    // 1,000 TLS handshakes: bounded, with room for a build machine shared with other work.
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void slowConnectionsAreCutAndRealPhonesAreServed() throws Exception {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(DeskfleetApplication.class).run(
                "--deskfleet.data=" + data, "--server.port=0", "--deskfleet.wpi.port=0", "--deskfleet.wpi.secure-port=0",
                "--deskfleet.dcmp.port=0", "--deskfleet.wpi.host=127.0.0.1", "--deskfleet.wpi.request-deadline=4s")) {
            int port = app.getBean(WpiConfiguration.WpiListener.class).port();
            EndToEndSupport.awaitDeliveryCurrent(app); // until then phones are told to come back later
            Queue<HostilePeer> slow = new ConcurrentLinkedQueue<>();
            ExecutorService opener = Executors.newFixedThreadPool(10);
            try {
                List<Future<?>> opened = new java.util.ArrayList<>();
                for (int a = 0; a < 10; a++) {
                    String from = "127.0.0." + (30 + a);
                    opened.add(opener.submit(() -> {
                        for (int n = 0; n < 100; n++) {
                            HostilePeer peer = HostilePeer.connect(from, port);
                            peer.send("POST /DeploymentService/LoginService HTTP/1.1\r\n");
                            slow.add(peer);
                        }
                        return null;
                    }));
                }
                // Trickle: one byte per connection per second, while the phones register.
                Thread trickle = Thread.ofPlatform().daemon().start(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        for (HostilePeer p : slow) {
                            try {
                                p.send("X");
                            } catch (Exception closed) {
                                // cut by the server
                            }
                        }
                        try {
                            Thread.sleep(1_000);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                List<SimulatedPhone> fleet = SimulatedPhone.fleet(3131, 0, 50);
                RunReport report;
                try (WpiHttpsClient client = new WpiHttpsClient(ClientConfig.of("127.0.0.1", port, ConnectionMode.KEEP_ALIVE))) {
                    report = new PhoneSimulator(client).run(fleet, 10);
                }
                for (Future<?> f : opened) {
                    f.get(2, TimeUnit.MINUTES);
                }
                assertThat(slow).hasSize(1_000);
                Thread.sleep(6_000); // past the deadline of the last one opened
                trickle.interrupt();
                assertThat(report.failed()).as(report.toString()).isZero();
                assertThat(report.registered()).isEqualTo(50);
                long stillOpen = slow.stream().filter(p -> !p.closedByServer()).count();
                assertThat(stillOpen).as("slow connections the server still holds").isZero();
            } finally {
                opener.shutdownNow();
                slow.forEach(HostilePeer::close);
            }
        }
    }
}

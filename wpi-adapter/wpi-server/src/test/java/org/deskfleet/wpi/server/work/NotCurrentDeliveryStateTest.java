package org.deskfleet.wpi.server.work;

import org.deskfleet.kernel.client.RecordReportedItems;
import org.deskfleet.kernel.client.RegisterClient;
import org.deskfleet.kernel.client.RegistrationOutcome;
import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.PhoneMessage;
import org.deskfleet.wpi.codec.Reason;
import org.deskfleet.wpi.codec.ServiceMessage;
import org.deskfleet.wpi.codec.WpiCodec;
import org.deskfleet.wpi.codec.WpiItem;
import org.deskfleet.wpi.server.dcmp.DcmpServer;
import org.deskfleet.wpi.server.interaction.ClientCommands;
import org.deskfleet.wpi.server.interaction.InMemoryInteractionStore;
import org.deskfleet.wpi.server.interaction.InteractionEngine;
import org.deskfleet.wpi.server.interaction.WpiRequest;
import org.deskfleet.wpi.server.interaction.WpiResponse;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Until delivery state is current (a node starting, an index catching up) no phone is served from it: a
 * calling phone is told {@code overload} before anything is recorded, and a DCMP poll gets 503 with
 * {@code Retry-After} instead of a "nothing pending" that would make the phone wait a whole poll interval.
 */
class NotCurrentDeliveryStateTest {

    private static final String MAC = "00:1A:E8:3B:77:0C";
    private static final String DEVICE = "00:1a:e8:3b:77:0c";

    /** Work that waits for the device, from state that may not be current yet. */
    private static final class CatchingUp implements PendingWork {
        volatile boolean current;
        final List<String> served = new ArrayList<>();

        @Override
        public boolean current() {
            return current;
        }

        @Override
        public boolean hasPending(String deviceId) {
            return true;
        }

        @Override
        public Optional<DeviceJob> next(String deviceId) {
            served.add(deviceId);
            return Optional.of(new DeviceJob("old-job", List.of(new DeviceJob.Step(Action.RESTART, List.of()))));
        }

        @Override
        public void finished(String deviceId, String jobId, JobOutcome outcome) {
        }

        @Override
        public void deferred(String deviceId, String jobId, String reason) {
        }
    }

    @Test
    void aPhoneCallingInIsToldOverloadAndNothingIsRecordedUntilTheStateIsCurrent() throws Exception {
        WpiCodec codec = new WpiCodec();
        CatchingUp work = new CatchingUp();
        List<Object> commands = new ArrayList<>();
        InteractionEngine engine = new InteractionEngine(codec, new InMemoryInteractionStore(Duration.ofMinutes(5), Clock.systemUTC()),
                new ClientCommands() {
                    @Override
                    public CompletableFuture<RegistrationOutcome> register(RegisterClient c) {
                        commands.add(c);
                        return CompletableFuture.completedFuture(new RegistrationOutcome(false, false));
                    }

                    @Override
                    public CompletableFuture<Void> recordItems(RecordReportedItems c) {
                        commands.add(c);
                        return CompletableFuture.completedFuture(null);
                    }
                }, (d, at, r) -> { }, new CompositePendingWork(List.of(new InMemoryPendingWork(), work)), Clock.systemUTC(), 4);
        PhoneMessage startUp = PhoneMessage.of("AB12", Reason.START_UP, List.of(WpiItem.of("mac-addr", MAC),
                WpiItem.of("device-type", "OpenStage 40"), WpiItem.of("software-version", "V3 R5.14.0")));

        ServiceMessage shed = answer(engine, codec, startUp);
        assertThat(shed.action()).isEqualTo(Action.CLEAN_UP);
        assertThat(shed.item("cleanup-reason")).contains("overload");
        assertThat(commands).isEmpty();
        assertThat(work.served).isEmpty();

        work.current = true;
        ServiceMessage served = answer(engine, codec, startUp);
        assertThat(served.action()).isEqualTo(Action.RESTART);
        assertThat(work.served).containsExactly(DEVICE);
    }

    @Test
    void aDcmpPollIsAnswered503WithRetryAfterUntilTheStateIsCurrent() throws Exception {
        CatchingUp work = new CatchingUp();
        List<String> polled = new ArrayList<>();
        try (DcmpServer server = new DcmpServer(new DcmpServer.Settings("127.0.0.1", 0, "", null, Duration.ofSeconds(60), 1),
                work, (d, at, r) -> polled.add(d), Clock.systemUTC()).start()) {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest poll = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/dcmp/contact-me?device-id=" + MAC)).GET().build();
            HttpResponse<String> early = http.send(poll, HttpResponse.BodyHandlers.ofString());
            assertThat(early.statusCode()).isEqualTo(503);
            assertThat(early.headers().firstValue("retry-after")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
            assertThat(polled).isEmpty();

            work.current = true;
            assertThat(http.send(poll, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);
            assertThat(polled).containsExactly(DEVICE);
        }
    }

    private static ServiceMessage answer(InteractionEngine engine, WpiCodec codec, PhoneMessage m) throws Exception {
        WpiResponse r = engine.handle(new WpiRequest(codec.writePhoneMessage(m), null, null, "127.0.0.1")).join();
        assertThat(r.status()).isEqualTo(200);
        return codec.readServiceMessage(r.body());
    }
}

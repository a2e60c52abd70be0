package org.deskfleet.wpi.server.interaction;

import org.deskfleet.kernel.client.RecordReportedItems;
import org.deskfleet.kernel.client.RegisterClient;
import org.deskfleet.kernel.client.RegistrationOutcome;
import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.PhoneMessage;
import org.deskfleet.wpi.codec.Reason;
import org.deskfleet.wpi.codec.ReplyStatus;
import org.deskfleet.wpi.codec.ServiceMessage;
import org.deskfleet.wpi.codec.WpiCodec;
import org.deskfleet.wpi.codec.WpiItem;
import org.deskfleet.wpi.server.dcmp.DcmpPolicy;
import org.deskfleet.wpi.server.work.DeviceJob;
import org.deskfleet.wpi.server.work.InMemoryPendingWork;
import org.deskfleet.wpi.server.work.JobOutcome;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MAC in a message is the sender's word only. A second sender claiming an open phone's MAC leaves its
 * interaction alone and records nothing; with "secrets only in Secure Mode" no secret leaves over default mode.
 */
class ImpersonationTest {

    private static final String MAC = "00:1A:E8:3B:77:0C";
    private static final String DEVICE = "00:1a:e8:3b:77:0c";
    private final WpiCodec codec = new WpiCodec();
    private final Map<String, JobOutcome> outcomes = new HashMap<>();
    private final List<Object> commands = new ArrayList<>();
    private final InMemoryPendingWork work = new InMemoryPendingWork(outcomes::put);

    private InteractionEngine engine(boolean secretsOnlyInSecureMode) {
        ClientCommands fake = new ClientCommands() {
            @Override
            public CompletableFuture<RegistrationOutcome> register(RegisterClient c) {
                commands.add(c);
                return CompletableFuture.completedFuture(new RegistrationOutcome(false, true));
            }

            @Override
            public CompletableFuture<Void> recordItems(RecordReportedItems c) {
                commands.add(c);
                return CompletableFuture.completedFuture(null);
            }
        };
        return new InteractionEngine(codec, new InMemoryInteractionStore(Duration.ofMinutes(5), Clock.systemUTC()),
                fake, (d, at, r) -> { }, work, Clock.systemUTC(),
                new InteractionLimits(16, 16, Duration.ofSeconds(20), 1 << 20, secretsOnlyInSecureMode),
                DcmpPolicy.DISABLED);
    }

    private record Exchange(ServiceMessage message, String session) {
    }

    private Exchange post(InteractionEngine engine, PhoneMessage m, String session, String from, String certified) {
        WpiResponse r = engine.handle(new WpiRequest(codec.writePhoneMessage(m), session, null, from, certified)).join();
        assertThat(r.status()).isEqualTo(200);
        try {
            return new Exchange(codec.readServiceMessage(r.body()), r.session() != null ? r.session() : session);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static PhoneMessage startUp() {
        return new PhoneMessage("AB12", -1, null, Reason.START_UP, "start-up", null, null,
                List.of(WpiItem.of("mac-addr", MAC), WpiItem.of("device-type", "OpenStage 40"),
                        WpiItem.of("software-version", "V3 R5.14.0")));
    }

    @Test
    void aSecondConnectionClaimingAnOpenPhonesMacLeavesItsInteractionAlone() {
        InteractionEngine engine = engine(false);
        Exchange phone = post(engine, startUp(), null, "10.0.0.21", null);
        assertThat(phone.message().action()).isEqualTo(Action.READ_ALL_ITEMS);
        int commandsBefore = commands.size();

        Exchange impostor = post(engine, startUp(), null, "10.6.6.6", null);

        assertThat(impostor.message().action()).isEqualTo(Action.CLEAN_UP);
        assertThat(commands).as("nothing recorded for the impostor").hasSize(commandsBefore);
        // The real phone's interaction goes on as if nothing happened.
        Exchange next = post(engine, PhoneMessage.replyTo("AB12", Action.READ_ALL_ITEMS, ReplyStatus.ACCEPTED,
                List.of(WpiItem.of("mac-addr", MAC))), phone.session(), "10.0.0.21", null);
        assertThat(next.message().action()).isEqualTo(Action.CLEAN_UP);
        assertThat(new String(codec.writeServiceMessage(next.message()), StandardCharsets.UTF_8))
                .doesNotContain("no interaction in progress");
        assertThat(commands).filteredOn(RecordReportedItems.class::isInstance).hasSize(1);
    }

    @Test
    void theSamePhoneComingBackFromItsAddressStartsAfresh() {
        InteractionEngine engine = engine(false);
        post(engine, startUp(), null, "10.0.0.21", null);
        Exchange again = post(engine, startUp(), null, "10.0.0.21", null);
        assertThat(again.message().action()).isEqualTo(Action.READ_ALL_ITEMS);
    }

    @Test
    void withSecretsOnlyInSecureModeNoSecretLeavesOverDefaultMode() {
        InteractionEngine engine = engine(true);
        work.add(DEVICE, new DeviceJob("j-secret", List.of(new DeviceJob.Step(Action.WRITE_ITEMS,
                List.of(WpiItem.of("sntp-addr", "10.0.0.1"), WpiItem.of("admin-pwd", "s3cret-Admin-Pwd"))))));
        Exchange e = post(engine, startUp(), null, "10.0.0.21", null);
        e = post(engine, PhoneMessage.replyTo("AB12", Action.READ_ALL_ITEMS, ReplyStatus.ACCEPTED,
                List.of(WpiItem.of("mac-addr", MAC))), e.session(), "10.0.0.21", null);

        assertThat(e.message().action()).isEqualTo(Action.CLEAN_UP);
        assertThat(new String(codec.writeServiceMessage(e.message()), StandardCharsets.UTF_8)).doesNotContain("s3cret");
        assertThat(outcomes.get("j-secret").status()).isEqualTo(JobOutcome.Status.FAILED);
        assertThat(outcomes.get("j-secret").detail()).contains("Secure Mode only");
    }

    @Test
    void withSecretsOnlyInSecureModeThePhoneOnTheSecurePortGetsThem() {
        InteractionEngine engine = engine(true);
        work.add(DEVICE, new DeviceJob("j-secure", List.of(new DeviceJob.Step(Action.WRITE_ITEMS,
                List.of(WpiItem.of("admin-pwd", "s3cret-Admin-Pwd"))))));
        Exchange e = post(engine, startUp(), null, "10.0.0.21", DEVICE);
        e = post(engine, PhoneMessage.replyTo("AB12", Action.READ_ALL_ITEMS, ReplyStatus.ACCEPTED,
                List.of(WpiItem.of("mac-addr", MAC))), e.session(), "10.0.0.21", DEVICE);

        assertThat(e.message().action()).isEqualTo(Action.WRITE_ITEMS);
        assertThat(e.message().items()).containsExactly(WpiItem.of("admin-pwd", "s3cret-Admin-Pwd"));
    }
}

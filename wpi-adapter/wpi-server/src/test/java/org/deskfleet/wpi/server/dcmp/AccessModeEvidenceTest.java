package org.deskfleet.wpi.server.dcmp;

import org.deskfleet.kernel.client.AccessMode;
import org.deskfleet.kernel.client.RecordClientAccessMode;
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
import org.deskfleet.wpi.server.interaction.ClientCommands;
import org.deskfleet.wpi.server.interaction.InMemoryInteractionStore;
import org.deskfleet.wpi.server.interaction.InteractionEngine;
import org.deskfleet.wpi.server.interaction.WpiRequest;
import org.deskfleet.wpi.server.interaction.WpiResponse;
import org.deskfleet.wpi.server.work.InMemoryPendingWork;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A phone's access mode changes on what its interactions show, never on a poll: DCMP once it accepted the
 * polling settings written to it, DIRECT again at a start-up that gave it none; one command per change.
 */
class AccessModeEvidenceTest {

    private static final String MAC = "00:1A:E8:3B:77:0C";
    private static final String DEVICE = "00:1a:e8:3b:77:0c";
    private final WpiCodec codec = new WpiCodec();
    private final List<RecordClientAccessMode> sent = new CopyOnWriteArrayList<>();
    private final Set<String> polling = new HashSet<>();
    private final AccessModeRecorder recorder = new AccessModeRecorder(c -> {
        sent.add(c);
        // The event comes back through the index.
        if (c.mode() == AccessMode.DCMP) {
            polling.add(c.deviceId());
        } else {
            polling.remove(c.deviceId());
        }
        return CompletableFuture.completedFuture(null);
    }, polling::contains, 2);

    private InteractionEngine engine(DcmpPolicy policy) {
        return new InteractionEngine(codec, new InMemoryInteractionStore(Duration.ofMinutes(5), Clock.systemUTC()),
                new ClientCommands() {
                    @Override
                    public CompletableFuture<RegistrationOutcome> register(RegisterClient c) {
                        return CompletableFuture.completedFuture(new RegistrationOutcome(false, false));
                    }

                    @Override
                    public CompletableFuture<Void> recordItems(RecordReportedItems c) {
                        return CompletableFuture.completedFuture(null);
                    }
                }, (d, at, r) -> { }, new InMemoryPendingWork(), Clock.systemUTC(), 4, policy, recorder);
    }

    private WpiResponse post(InteractionEngine engine, PhoneMessage m, String session) {
        return engine.handle(new WpiRequest(codec.writePhoneMessage(m), session, null, "127.0.0.1")).join();
    }

    private static ServiceMessage read(WpiCodec codec, WpiResponse r) {
        try {
            return codec.readServiceMessage(r.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static PhoneMessage startUp() {
        return PhoneMessage.of("AB12", Reason.START_UP, List.of(WpiItem.of("mac-addr", MAC),
                WpiItem.of("device-type", "OpenStage 40"), WpiItem.of("software-version", "V3 R5.14.0")));
    }

    @Test
    void acceptedPollingSettingsMakeItDcmpAndAPlainStartUpMakesItDirectAgain() {
        InteractionEngine polls = engine(new DcmpPolicy(DcmpPolicy.Mode.ENABLED, "http://dls.example.test:18080"));
        WpiResponse written = post(polls, startUp(), null);
        assertThat(read(codec, written).action()).isEqualTo(Action.WRITE_ITEMS);
        recorder.record();
        assertThat(sent).isEmpty(); // written, not yet accepted
        post(polls, PhoneMessage.replyTo("AB13", Action.WRITE_ITEMS, ReplyStatus.ACCEPTED, List.of()), written.session());
        recorder.record();
        assertThat(sent).extracting(RecordClientAccessMode::mode).containsExactly(AccessMode.DCMP);

        // Every later start-up with the same settings is no news: no command.
        WpiResponse again = post(polls, startUp(), null);
        post(polls, PhoneMessage.replyTo("AB14", Action.WRITE_ITEMS, ReplyStatus.ACCEPTED, List.of()), again.session());
        recorder.record();
        assertThat(sent).hasSize(1);

        // Not polling any more (DCMP switched off, or the phone is no longer behind NAT): DIRECT.
        post(engine(DcmpPolicy.DISABLED), startUp(), null);
        recorder.record();
        assertThat(sent).extracting(RecordClientAccessMode::mode).containsExactly(AccessMode.DCMP, AccessMode.DIRECT);
        assertThat(sent).allMatch(c -> c.deviceId().equals(DEVICE));
    }

    @Test
    void refusedPollingSettingsAreNoEvidence() {
        InteractionEngine polls = engine(new DcmpPolicy(DcmpPolicy.Mode.ENABLED, "http://dls.example.test:18080"));
        WpiResponse written = post(polls, startUp(), null);
        post(polls, PhoneMessage.replyTo("AB13", Action.WRITE_ITEMS, ReplyStatus.ACCEPTED,
                List.of(new WpiItem("dcmp-url", null, "http://dls.example.test:18080/dcmp/", "invalid data"))), written.session());
        recorder.record();
        assertThat(sent).isEmpty();
    }

    @Test
    void changesAreRecordedABatchPerPass() {
        for (int i = 0; i < 5; i++) {
            recorder.observed("00:1a:e8:00:00:0" + i, true, Instant.EPOCH);
        }
        recorder.observed("00:1a:e8:00:00:09", false, Instant.EPOCH); // DIRECT already: nothing to record
        assertThat(recorder.waiting()).isEqualTo(5);
        recorder.record();
        assertThat(sent).hasSize(2);
        recorder.record();
        recorder.record();
        assertThat(sent).hasSize(5).extracting(RecordClientAccessMode::deviceId).doesNotHaveDuplicates();
        recorder.record();
        assertThat(sent).hasSize(5);
    }
}

package org.deskfleet.app.config;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.deskfleet.kernel.client.RecordClientAccessMode;
import org.deskfleet.wpi.server.dcmp.DcmpPollLog;
import org.deskfleet.wpi.server.dcmp.DcmpServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Polls become one access-mode command per new poller, a batch per pass, none for known pollers. */
class DcmpAccessModeRecordingTest {

    private final DcmpPollLog polls = new DcmpPollLog();
    private final CommandGateway commands = mock(CommandGateway.class);
    private final List<String> recorded = new CopyOnWriteArrayList<>();

    private DcmpConfiguration.DcmpListener listener(Set<String> alreadyPolling, int batch) {
        when(commands.send(any())).thenAnswer(inv -> {
            recorded.add(((RecordClientAccessMode) inv.getArgument(0)).deviceId());
            return CompletableFuture.completedFuture(null);
        });
        return new DcmpConfiguration.DcmpListener(new DcmpServer.Settings("127.0.0.1", 0, "", null, Duration.ofSeconds(60), 1),
                null, polls, commands, alreadyPolling::contains, batch);
    }

    private void poll(int devices) {
        for (int i = 0; i < devices; i++) {
            polls.polled("00:1a:e8:00:00:%02x".formatted(i), Instant.EPOCH, "10.0.0.1");
        }
    }

    @Test
    void recordsABatchPerPassUntilEveryPollerIsRecordedOnce() {
        DcmpConfiguration.DcmpListener listener = listener(Set.of(), 4);
        poll(10);
        listener.record();
        assertThat(recorded).hasSize(4);
        poll(10); // they poll on
        listener.record();
        assertThat(recorded).hasSize(8);
        listener.record();
        listener.record();
        assertThat(recorded).hasSize(10).doesNotHaveDuplicates();
        poll(10);
        listener.record();
        assertThat(recorded).hasSize(10);
    }

    @Test
    void phonesTheEventsAlreadyShowAsPollingNeedNoCommand() {
        DcmpConfiguration.DcmpListener listener = listener(Set.of("00:1a:e8:00:00:00", "00:1a:e8:00:00:01"), 100);
        poll(3);
        listener.record();
        assertThat(recorded).containsExactly("00:1a:e8:00:00:02");
    }

    @Test
    void aPhoneNotYetRegisteredIsTriedAgainAtItsNextPoll() {
        when(commands.send(any())).thenReturn(CompletableFuture.failedFuture(new IllegalStateException("not registered")));
        DcmpConfiguration.DcmpListener listener = new DcmpConfiguration.DcmpListener(
                new DcmpServer.Settings("127.0.0.1", 0, "", null, Duration.ofSeconds(60), 1), null, polls, commands, d -> false, 10);
        poll(1);
        listener.record();
        poll(1);
        listener.record();
        org.mockito.Mockito.verify(commands, org.mockito.Mockito.times(2)).send(any());
    }

    @Test
    void pollLoopsDefaultToHalfTheCores() {
        assertThat(DcmpConfiguration.workerThreads(3)).isEqualTo(3);
        assertThat(DcmpConfiguration.workerThreads(0)).isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    }
}

package org.deskfleet.wpi.server.interaction;

import org.deskfleet.kernel.client.RecordReportedItems;
import org.deskfleet.kernel.client.RegisterClient;
import org.deskfleet.kernel.client.RegistrationOutcome;
import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.Fragment;
import org.deskfleet.wpi.codec.PhoneMessage;
import org.deskfleet.wpi.codec.Reason;
import org.deskfleet.wpi.codec.ReplyStatus;
import org.deskfleet.wpi.codec.ServiceMessage;
import org.deskfleet.wpi.codec.WpiCodec;
import org.deskfleet.wpi.codec.WpiItem;
import org.deskfleet.wpi.server.dcmp.DcmpPolicy;
import org.deskfleet.wpi.server.work.InMemoryPendingWork;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A phone (or anyone) answering a full read with fragment after fragment of 16 k-character values: the
 * interaction ends with a CleanUp that says why once the byte cap is passed, nothing is recorded, and what
 * the server held for it is gone. The heap figure is printed, not timed.
 */
class FragmentFloodTest {

    private static final String MAC = "00:1A:E8:3B:77:0C";
    private final WpiCodec codec = new WpiCodec();
    private final List<Object> commands = new ArrayList<>();

    @Test
    void bytesGatheredInOneInteractionAreCappedWithAClearCleanUp() throws Exception {
        long cap = 1 << 20;
        InMemoryInteractionStore store = new InMemoryInteractionStore(Duration.ofMinutes(5), Clock.systemUTC());
        ClientCommands fake = new ClientCommands() {
            @Override
            public CompletableFuture<RegistrationOutcome> register(RegisterClient c) {
                return CompletableFuture.completedFuture(new RegistrationOutcome(true, true));
            }

            @Override
            public CompletableFuture<Void> recordItems(RecordReportedItems c) {
                commands.add(c);
                return CompletableFuture.completedFuture(null);
            }
        };
        InteractionEngine engine = new InteractionEngine(codec, store, fake, (d, at, r) -> { },
                new InMemoryPendingWork(), Clock.systemUTC(),
                new InteractionLimits(16, 16, Duration.ofSeconds(20), cap, false), DcmpPolicy.DISABLED);
        WpiResponse r = engine.handle(new WpiRequest(codec.writePhoneMessage(new PhoneMessage("AB12", -1, null,
                Reason.START_UP, "start-up", null, null, List.of(WpiItem.of("mac-addr", MAC)))), null, null, "10.0.0.1")).join();
        String session = r.session();
        String big = "x".repeat(16 * 1024);
        List<WpiItem> fragment = List.of(WpiItem.of("a", big), WpiItem.of("b", big), WpiItem.of("c", big));
        long before = usedHeap();
        ServiceMessage answer = null;
        int rounds = 0;
        while (rounds < 1_000) {
            rounds++;
            PhoneMessage reply = new PhoneMessage("AB12", -1, Fragment.NEXT, Reason.REPLY_TO, "reply-to",
                    Action.READ_ALL_ITEMS.wire(), ReplyStatus.ACCEPTED, fragment);
            r = engine.handle(new WpiRequest(codec.writePhoneMessage(reply), session, session, "10.0.0.1")).join();
            answer = codec.readServiceMessage(r.body());
            if (answer.action() != Action.GET_NEXT_FRAGMENT) {
                break;
            }
        }
        long after = usedHeap();
        System.out.printf("fragment flood: %d rounds of %d bytes each before the cut; heap in use %d MB -> %d MB%n",
                rounds, InteractionEngine.heapBytes(fragment), before >> 20, after >> 20);

        assertThat(answer.action()).isEqualTo(Action.CLEAN_UP);
        assertThat(answer.items()).anySatisfy(i -> assertThat(i.value()).contains("too much data"));
        assertThat((long) rounds * InteractionEngine.heapBytes(fragment)).isLessThanOrEqualTo(cap + InteractionEngine.heapBytes(fragment));
        assertThat(commands).as("nothing recorded from a cut interaction").isEmpty();
        assertThat(store.size()).as("nothing held for it").isZero();
    }

    private static long usedHeap() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}

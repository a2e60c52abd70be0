package org.deskfleet.app.config;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.WpiItem;
import org.deskfleet.wpi.server.dcmp.AccessModeRecorder;
import org.deskfleet.wpi.server.dcmp.DcmpPollLog;
import org.deskfleet.wpi.server.dcmp.DcmpServer;
import org.deskfleet.wpi.server.work.DeviceJob;
import org.deskfleet.wpi.server.work.InMemoryPendingWork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * 1,000,000 DCMP polls for random MACs through the real poll handler (in memory, no sockets), with the
 * recording pass run as often as the server runs it: the answers are those of an idle known phone, nothing
 * is recorded, the poll log stays within its capacity and the heap stays flat. Figures are printed.
 */
class DcmpRandomMacFloodTest {

    private static final String REGISTERED = "00:1a:e8:00:00:01";

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void randomMacPollsRevealNothingRecordNothingAndCostNoMemory() {
        int capacity = 20_000;
        DcmpPollLog log = new DcmpPollLog(capacity);
        InMemoryPendingWork work = new InMemoryPendingWork();
        work.add(REGISTERED, new DeviceJob("j1", List.of(new DeviceJob.Step(Action.WRITE_ITEMS, List.of(WpiItem.of("e164", "1"))))));
        CommandGateway commands = mock(CommandGateway.class);
        DcmpServer.Settings settings = new DcmpServer.Settings("127.0.0.1", 0, "", null, Duration.ofSeconds(60), 1);
        // Polls are not evidence: the recording pass sends nothing whatever was polled.
        DcmpConfiguration.DcmpListener listener = new DcmpConfiguration.DcmpListener(settings, work, log,
                new AccessModeRecorder(c -> commands.send(c), d -> false, 200),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry().counter("polls"), true);
        EmbeddedChannel channel = new EmbeddedChannel(new DcmpServer(settings, work, log, Clock.systemUTC()).newConnectionHandler());
        SplittableRandom random = new SplittableRandom(12);
        int accepted = 0;
        long heapAtStart = 0;
        long maxLogSize = 0;
        long started = System.nanoTime();
        for (int i = 1; i <= 1_000_000; i++) {
            long bits = random.nextLong();
            String mac = "%02x:%02x:%02x:%02x:%02x:%02x".formatted((bits & 0xfc) | 0x02, (bits >> 8) & 0xff,
                    (bits >> 16) & 0xff, (bits >> 24) & 0xff, (bits >> 32) & 0xff, (bits >> 40) & 0xff);
            channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                    "/dcmp/contact-me?device-id=" + mac));
            FullHttpResponse response = channel.readOutbound();
            if (response.status().code() != 200) {
                accepted++;
            }
            maxLogSize = Math.max(maxLogSize, log.size());
            if (i % 50_000 == 0) {
                listener.record(); // the 2 s pass, at a flood of 25,000 polls/s
            }
            if (i == 100_000) {
                heapAtStart = usedHeap();
            }
        }
        long heapAtEnd = usedHeap();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("DCMP flood: 1,000,000 random-MAC polls in %.1f s; poll log at most %d devices, %d polls "
                        + "left out; heap in use %d MB after 100,000 polls, %d MB after 1,000,000%n",
                seconds, maxLogSize, log.leftOut(), heapAtStart >> 20, heapAtEnd >> 20);

        assertThat(accepted).as("answers other than those of an idle phone").isZero();
        assertThat(maxLogSize).isLessThanOrEqualTo(capacity + 1);
        verifyNoInteractions(commands);
        assertThat(heapAtEnd - heapAtStart).as("heap growth from 100,000 to 1,000,000 polls").isLessThan(32L << 20);
        // The registered phone with work is still told so.
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                "/dcmp/contact-me?device-id=" + REGISTERED));
        assertThat(((FullHttpResponse) channel.readOutbound()).status().code()).isEqualTo(202);
        channel.finishAndReleaseAll();
    }

    private static long usedHeap() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}

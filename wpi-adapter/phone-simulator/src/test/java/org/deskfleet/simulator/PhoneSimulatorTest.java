package org.deskfleet.simulator;

import io.netty.channel.EventLoopGroup;
import org.deskfleet.simulator.bench.BaselineServer;
import org.deskfleet.simulator.bench.BaselineServer.Reply;
import org.deskfleet.simulator.bench.BaselineServer.Request;
import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.PhoneMessage;
import org.deskfleet.wpi.codec.Reason;
import org.deskfleet.wpi.codec.ReplyStatus;
import org.deskfleet.wpi.codec.ServiceMessage;
import org.deskfleet.wpi.codec.WpiCodec;
import org.deskfleet.wpi.codec.WpiDecodeException;
import org.deskfleet.wpi.codec.WpiItem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PhoneSimulatorTest {

    static final WpiCodec CODEC = new WpiCodec();
    static final RetryPolicy FAST_RETRY = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(30), 16);
    static TestSupport.SwitchableServer server;
    static EventLoopGroup group;

    /** What the scripted service saw: the decoded phone message and the Cookie header. */
    record Seen(PhoneMessage message, String cookie, long connectionId) {
    }

    final List<Seen> seen = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        server = new TestSupport.SwitchableServer();
        group = WpiHttpsClient.newEventLoopGroup(2);
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        server.close();
    }

    @AfterEach
    void reset() {
        server.reset();
    }

    private PhoneSimulator simulator(ConnectionMode mode) {
        return new PhoneSimulator(new WpiHttpsClient(server.config(mode), group), CODEC, FAST_RETRY);
    }

    private static Reply dls(String nonce, Action action, List<WpiItem> items) {
        return Reply.xml(CODEC.writeServiceMessage(new ServiceMessage(nonce, action, items)));
    }

    /** Decodes with the production codec: every document the simulator writes must pass. */
    private PhoneMessage decode(Request r) {
        try {
            PhoneMessage m = CODEC.readPhoneMessage(r.body());
            seen.add(new Seen(m, r.header("cookie").orElse(null), r.connectionId()));
            return m;
        } catch (WpiDecodeException e) {
            throw new AssertionError("codec refused a simulator document: " + e.getMessage() + "\n" + r.bodyText(), e);
        }
    }

    @Test
    void knownPhoneStartUpIsOneRoundTrip() {
        InteractionTrace t = simulator(ConnectionMode.KEEP_ALIVE).startUp(SimulatedPhone.generate(1, 0)).join().requireOk();
        assertThat(t.actions()).containsExactly(Action.CLEAN_UP);
        assertThat(t.httpStatuses()).containsExactly(200);
        assertThat(t.alreadyKnown()).isTrue();
        assertThat(t.cookies()).singleElement().asString().startsWith("JSESSIONID=");
        assertThat(t.connectionsOpened()).isEqualTo(1);
        assertThat(t.reason()).isEqualTo(Reason.START_UP);
    }

    @ParameterizedTest
    @EnumSource(ConnectionMode.class)
    void fullStartUpFlowFollowsEveryAction(ConnectionMode mode) {
        server.respond(r -> {
            PhoneMessage m = decode(r);
            Reply reply = switch (m.reason()) {
                case START_UP -> dls(m.nonce(), Action.READ_ALL_ITEMS, List.of())
                        .withHeader("Set-Cookie", "JSESSIONID=S1; Path=/DeploymentService; Secure");
                case REPLY_TO -> switch (m.answeredAction().orElseThrow()) {
                    case READ_ALL_ITEMS -> dls(m.nonce(), Action.WRITE_ITEMS,
                            List.of(WpiItem.of("ringer-melody", "5"), WpiItem.of("dls-contact-interval", "600")));
                    case WRITE_ITEMS -> dls(m.nonce(), Action.READ_ITEMS, List.of(WpiItem.of("ringer-melody", ""),
                            WpiItem.of("dls-contact-interval", ""), WpiItem.of("no-such-item", "")));
                    case READ_ITEMS -> dls(m.nonce(), Action.RESTART, List.of());
                    default -> dls(m.nonce(), Action.CLEAN_UP, List.of());
                };
                default -> dls(m.nonce(), Action.CLEAN_UP, List.of());
            };
            return reply;
        });
        SimulatedPhone phone = SimulatedPhone.generate(7, 3);
        phone.markConfigurationChanged(true);

        InteractionTrace t = simulator(mode).startUp(phone).join().requireOk();

        // A Restart gets no reply: the phone reboots and its next message is a new start-up.
        assertThat(t.actions()).containsExactly(Action.READ_ALL_ITEMS, Action.WRITE_ITEMS, Action.READ_ITEMS,
                Action.RESTART);
        assertThat(t.httpStatuses()).containsOnly(200).hasSize(4);
        assertThat(t.registered()).isTrue();
        assertThat(t.cookies()).containsExactly("JSESSIONID=S1");
        assertThat(t.connectionsOpened()).isEqualTo(mode == ConnectionMode.KEEP_ALIVE ? 1 : 4);
        assertThat(t.steps()).extracting(InteractionTrace.Step::reusedConnection)
                .containsExactly(false, mode == ConnectionMode.KEEP_ALIVE, mode == ConnectionMode.KEEP_ALIVE,
                        mode == ConnectionMode.KEEP_ALIVE);

        // What the service received.
        assertThat(seen).hasSize(4);
        PhoneMessage startUp = seen.get(0).message();
        assertThat(seen.get(0).cookie()).isNull();
        assertThat(startUp.items()).isEqualTo(SimulatedPhone.generate(7, 3).basicItems().stream()
                .map(i -> i.name().equals("configuration-changed-flag") ? WpiItem.of(i.name(), "true") : i).toList());
        assertThat(seen.subList(1, 4)).allSatisfy(s -> {
            assertThat(s.cookie()).isEqualTo("JSESSIONID=S1");
            assertThat(s.message().nonce()).isEqualTo(startUp.nonce());
            assertThat(s.message().reason()).isEqualTo(Reason.REPLY_TO);
        });
        PhoneMessage all = seen.get(1).message();
        assertThat(all.answeredAction()).contains(Action.READ_ALL_ITEMS);
        assertThat(all.replyStatus()).isEqualTo(ReplyStatus.ACCEPTED);
        assertThat(all.items()).hasSizeGreaterThanOrEqualTo(140);
        assertThat(all.item("configuration-changed-flag")).contains("true");
        assertThat(phone.configurationChanged()).isFalse();

        PhoneMessage written = seen.get(2).message();
        assertThat(written.answeredAction()).contains(Action.WRITE_ITEMS);
        assertThat(written.replyStatus()).isEqualTo(ReplyStatus.ACCEPTED);
        assertThat(written.items()).isEmpty();
        assertThat(phone.value("ringer-melody")).contains("5");

        PhoneMessage read = seen.get(3).message();
        assertThat(read.items()).containsExactly(WpiItem.of("ringer-melody", "5"), WpiItem.of("dls-contact-interval", "600"),
                new WpiItem("no-such-item", null, "", "unknown item"));

        if (mode == ConnectionMode.CLOSE) {
            assertThat(seen).extracting(Seen::connectionId).doesNotHaveDuplicates();
        } else {
            assertThat(seen).extracting(Seen::connectionId).containsOnly(seen.getFirst().connectionId());
        }
    }

    @Test
    void overloadIsRetriedAfterAPause() {
        AtomicInteger calls = new AtomicInteger();
        server.respond(r -> {
            PhoneMessage m = decode(r);
            return calls.getAndIncrement() == 0
                    ? Reply.xml(CODEC.writeServiceMessage(ServiceMessage.cleanUp(m.nonce(), "overload")))
                    : dls(m.nonce(), Action.CLEAN_UP, List.of());
        });
        InteractionTrace t = simulator(ConnectionMode.KEEP_ALIVE).startUp(SimulatedPhone.generate(1, 9)).join().requireOk();
        assertThat(t.overloadRetries()).isEqualTo(1);
        assertThat(t.steps()).extracting(InteractionTrace.Step::cleanupReason).containsExactly("overload", null);
        assertThat(t.connectionsOpened()).isEqualTo(2);
        // a retry is a new interaction: new nonce, no cookie
        assertThat(seen.get(1).message().nonce()).isNotEqualTo(seen.get(0).message().nonce());
        assertThat(seen.get(1).cookie()).isNull();
        assertThat(t.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(10));
    }

    @Test
    void persistentOverloadGivesUp() {
        server.respond(r -> Reply.xml(CODEC.writeServiceMessage(ServiceMessage.cleanUp(decode(r).nonce(), "overload"))));
        InteractionTrace t = simulator(ConnectionMode.KEEP_ALIVE).startUp(SimulatedPhone.generate(1, 10)).join();
        assertThat(t.ok()).isFalse();
        assertThat(t.failure().kind()).isEqualTo(ErrorKind.OVERLOAD);
        assertThat(t.overloadRetries()).isEqualTo(FAST_RETRY.maxOverloadRetries());
        assertThat(seen).hasSize(FAST_RETRY.maxOverloadRetries() + 1);
    }

    @Test
    void failuresAreReportedInTheTrace() {
        PhoneSimulator sim = simulator(ConnectionMode.KEEP_ALIVE);
        SimulatedPhone phone = SimulatedPhone.generate(2, 0);

        server.respond(r -> new Reply(500, Map.of(), new byte[0]));
        InteractionTrace t = sim.startUp(phone).join();
        assertThat(t.failure().kind()).isEqualTo(ErrorKind.HTTP_STATUS);
        assertThat(t.httpStatuses()).containsExactly(500);

        server.respond(r -> Reply.xml(BaselineServer.cleanUpFor(
                "nonce=\"0000000000000000000000000000FFFF\"".getBytes(StandardCharsets.US_ASCII))));
        assertThat(sim.startUp(phone).join().failure().kind()).isEqualTo(ErrorKind.NONCE_MISMATCH);

        // Not a DLSMessage: the phone gives up with a clean-up message, as real phones do on invalid XML.
        server.respond(r -> {
            PhoneMessage m = decode(r);
            return m.reason() == Reason.CLEAN_UP ? dls(m.nonce(), Action.CLEAN_UP, List.of())
                    : Reply.xml("<html>oops</html>".getBytes(StandardCharsets.UTF_8));
        });
        InteractionTrace bad = sim.startUp(phone).join();
        assertThat(bad.failure().kind()).isEqualTo(ErrorKind.BAD_RESPONSE);
        assertThat(seen).extracting(s -> s.message().reason()).containsExactly(Reason.START_UP, Reason.CLEAN_UP);

        server.respond(r -> dls(decode(r).nonce(), Action.READ_ITEMS, List.of(WpiItem.of("reg-port", ""))));
        InteractionTrace runaway = sim.startUp(phone).join();
        assertThat(runaway.failure().kind()).isEqualTo(ErrorKind.PROTOCOL);
        assertThat(runaway.steps()).hasSize(FAST_RETRY.maxRoundTrips());

        PhoneSimulator nowhere = new PhoneSimulator(new WpiHttpsClient(
                ClientConfig.of("127.0.0.1", TestSupport.closedPort(), ConnectionMode.KEEP_ALIVE), group));
        InteractionTrace refused = nowhere.startUp(phone).join();
        assertThat(refused.failure().kind()).isEqualTo(ErrorKind.CONNECT);
        assertThat(refused.httpStatuses()).containsExactly(0);
    }

    @Test
    void solicitedInteractionUsesTheGivenReason() {
        server.respond(r -> dls(decode(r).nonce(), Action.CLEAN_UP, List.of()));
        simulator(ConnectionMode.CLOSE).interact(SimulatedPhone.generate(3, 3), Reason.SOLICITED).join().requireOk();
        assertThat(seen.getFirst().message().reason()).isEqualTo(Reason.SOLICITED);
    }

    @ParameterizedTest
    @EnumSource(ConnectionMode.class)
    void runnerCountsAndBoundsConcurrency(ConnectionMode mode) {
        // Phones whose MAC ends in an even digit get HTTP 500.
        server.respond(r -> {
            PhoneMessage m = decode(r);
            String mac = m.item("mac-addr").orElse("");
            return Character.digit(mac.charAt(mac.length() - 1), 16) % 2 == 0
                    ? new Reply(500, Map.of(), new byte[0])
                    : BaselineServer.cannedCleanUp(r);
        });
        List<SimulatedPhone> fleet = SimulatedPhone.fleet(11, 0, 150);
        long expectedFailures = fleet.stream()
                .filter(p -> Character.digit(p.mac().charAt(p.mac().length() - 1), 16) % 2 == 0).count();
        PhoneSimulator sim = simulator(mode);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();

        RunReport report = sim.run(fleet, 8, p -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            CompletableFuture<InteractionTrace> f = sim.startUp(p);
            return f.whenComplete((t, e) -> inFlight.decrementAndGet());
        });

        assertThat(report.phones()).isEqualTo(150);
        assertThat(report.failed()).isEqualTo((int) expectedFailures);
        assertThat(report.ok()).isEqualTo(150 - (int) expectedFailures);
        assertThat(report.alreadyKnown()).isEqualTo(report.ok());
        assertThat(report.registered()).isZero();
        assertThat(report.errorsByKind()).containsExactly(Map.entry(ErrorKind.HTTP_STATUS, (int) expectedFailures));
        assertThat(report.traces()).hasSize(150);
        assertThat(maxInFlight.get()).isBetween(1, 8);
        assertThat(report.throughput()).isPositive();
        assertThat(report.p50()).isLessThanOrEqualTo(report.p99());
        assertThat(report.p99()).isLessThanOrEqualTo(report.max());
    }

    @Test
    void runnerSurvivesAThrowingInteraction() {
        List<SimulatedPhone> fleet = SimulatedPhone.fleet(12, 0, 5);
        PhoneSimulator sim = simulator(ConnectionMode.KEEP_ALIVE);
        RunReport report = sim.run(fleet, 2, p -> {
            if (p.sequence() == 2) {
                throw new IllegalStateException("boom");
            }
            return sim.startUp(p);
        });
        assertThat(report.ok()).isEqualTo(4);
        assertThat(report.errorsByKind()).containsEntry(ErrorKind.INTERNAL, 1);
    }
}

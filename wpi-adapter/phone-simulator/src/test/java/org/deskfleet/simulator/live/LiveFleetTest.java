package org.deskfleet.simulator.live;

import io.netty.channel.EventLoopGroup;
import org.deskfleet.simulator.ClientConfig;
import org.deskfleet.simulator.ConnectionMode;
import org.deskfleet.simulator.ErrorKind;
import org.deskfleet.simulator.InteractionTrace;
import org.deskfleet.simulator.Misbehaviour;
import org.deskfleet.simulator.PhoneSimulator;
import org.deskfleet.simulator.RetryPolicy;
import org.deskfleet.simulator.RunReport;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.simulator.SoftwareOutcome;
import org.deskfleet.simulator.WpiHttpsClient;
import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.PhoneMessage;
import org.deskfleet.wpi.codec.Reason;
import org.deskfleet.wpi.codec.ReplyStatus;
import org.deskfleet.wpi.codec.WpiCodec;
import org.deskfleet.wpi.codec.WpiItem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LiveFleetTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static FakeService service;
    static EventLoopGroup group;
    static PhoneSimulator simulator;
    static final HttpClient http = HttpClient.newHttpClient();
    final List<LiveFleet> fleets = new ArrayList<>();

    @BeforeAll
    static void start() {
        service = new FakeService();
        group = WpiHttpsClient.newEventLoopGroup(2);
        simulator = new PhoneSimulator(new WpiHttpsClient(ClientConfig.of(service.wpi.host(), service.wpi.port(),
                ConnectionMode.KEEP_ALIVE), group), new WpiCodec(), new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(20), 16));
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        service.close();
    }

    @AfterEach
    void closeFleets() {
        fleets.forEach(LiveFleet::close);
    }

    private LiveFleet fleet(long seed, int count, LiveOptions options) {
        LiveFleet f = LiveFleet.start(simulator, SimulatedPhone.fleet(seed, 0, count), options);
        fleets.add(f);
        return f;
    }

    private LivePhone one(long seed, LiveOptions options) {
        return fleet(seed, 1, options).phones().getFirst();
    }

    private static HttpResponse<String> contact(LivePhone p, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(p.contactMeUri())
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void everyPhoneGetsItsOwnListenerAndRegisters() {
        LiveFleet fleet = fleet(501, 20, LiveOptions.defaults());
        assertThat(fleet.phones()).extracting(p -> p.contactMeUri().getPort()).doesNotHaveDuplicates();
        assertThat(fleet.phones()).allSatisfy(p -> assertThat(p.phone().contactMeUri()).isEqualTo(p.contactMeUri().toString())
                .startsWith("http://127.0.0.1:").endsWith("/contact_dls.html/ContactDLS"));

        RunReport report = fleet.startUpAll(4);

        assertThat(report.ok()).isEqualTo(20);
        LivePhone first = fleet.phones().getFirst();
        assertThat(fleet.interactions(first.mac().toLowerCase().replace(':', '-'))).extracting(InteractionTrace::reason)
                .containsExactly(Reason.START_UP);
        assertThat(service.from(first.mac()).getFirst().item("contact-me-uri")).contains(first.contactMeUri().toString());
    }

    @Test
    void fiveThousandPhonesListenAtOnce() throws Exception {
        LiveFleet fleet = fleet(599, 5000, LiveOptions.defaults());
        assertThat(fleet.phones()).extracting(p -> p.contactMeUri().getPort()).doesNotHaveDuplicates().hasSize(5000);
        LivePhone last = fleet.phones().getLast();
        assertThat(contact(last, "ContactMe=true").statusCode()).isEqualTo(204);
        assertThat(last.awaitInteractions(1, WAIT)).isTrue();
        assertThat(fleet.phone(last.mac()).interactions().getFirst().reason()).isEqualTo(Reason.SOLICITED);
    }

    @Test
    void contactMeIsAcknowledgedAndAnsweredWithSolicited() throws Exception {
        LivePhone p = one(502, LiveOptions.defaults());
        service.add(p.mac(), Action.WRITE_ITEMS, WpiItem.of("sntp-addr", "10.1.2.3"));

        HttpResponse<String> noCallback = contact(p, "ContactMe=false");
        HttpResponse<String> r = contact(p, "ContactMe=true&dls_ip_addr=127.0.0.1&dls_ip_port=18443");

        assertThat(noCallback.statusCode()).isEqualTo(204);
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("Server")).contains("DlsClient");
        assertThat(p.awaitInteractions(1, WAIT)).isTrue();
        InteractionTrace t = p.interactions().getFirst().requireOk();
        assertThat(t.reason()).isEqualTo(Reason.SOLICITED);
        assertThat(t.actions()).containsExactly(Action.WRITE_ITEMS, Action.CLEAN_UP);
        assertThat(p.phone().value("sntp-addr")).contains("10.1.2.3");
        assertThat(p.contactMeReceived()).isEqualTo(2);
        // ContactMe=false was queued first; had it called back, that interaction would have ended before.
        assertThat(p.interactions()).hasSize(1);
    }

    @Test
    void thePhonesOwnContactGapIgnoresARepeatedContact() throws Exception {
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        LivePhone p = one(509, LiveOptions.defaults().withContactGap(Duration.ofHours(1))
                .withCallbackDelay(Duration.ofMillis(20)).withEvents(events::add));
        assertThat(contact(p, "ContactMe=true").statusCode()).isEqualTo(204);
        assertThat(p.awaitInteractions(1, WAIT)).isTrue();

        assertThat(contact(p, "ContactMe=true").statusCode()).isEqualTo(204);
        awaitTrue(() -> events.size() >= 2, "the second answer");
        assertThat(events).containsExactly(p.mac() + ": contact-me answered 204, calling back (solicited)",
                p.mac() + ": contact-me answered 204, no callback");
        assertThat(p.contactMeReceived()).isEqualTo(2);
    }

    @Test
    void aPhoneCanRefuseContactOrBeUnreachable() throws Exception {
        LivePhone p = one(503, LiveOptions.defaults());
        p.refuseContact(true);
        assertThat(contact(p, "ContactMe=true").statusCode()).isEqualTo(503);

        p.refuseContact(false);
        p.setReachable(false);
        assertThat(p.isReachable()).isFalse();
        // Refused, normally; were the freed port taken by another listener meanwhile, still no answer from this phone.
        assertThatThrownBy(() -> contact(p, "ContactMe=true")).isInstanceOf(java.io.IOException.class);
        assertThat(p.contactMeReceived()).isEqualTo(1);

        URI before = p.contactMeUri();
        p.setReachable(true);
        assertThat(p.contactMeUri()).isEqualTo(before);
        assertThat(contact(p, "ContactMe=true").statusCode()).isEqualTo(204);
        assertThat(p.awaitInteractions(1, WAIT)).isTrue();
        assertThat(p.contactMeReceived()).isEqualTo(2);
        assertThat(p.interactions()).extracting(InteractionTrace::reason).containsExactly(Reason.SOLICITED);
    }

    @Test
    void aBusyPhoneComesBackWhenItsCallEnds() throws Exception {
        LivePhone p = one(504, LiveOptions.defaults());
        service.add(p.mac(), Action.WRITE_ITEMS, WpiItem.of("ringer-melody", "7"));
        p.startCall();

        InteractionTrace busy = p.startUp().get(10, TimeUnit.SECONDS).requireOk();

        assertThat(busy.sendSolicited()).isTrue();
        assertThat(service.from(p.mac()).get(1).replyStatus()).isEqualTo(ReplyStatus.BUSY);
        assertThat(p.solicitPending()).isTrue();
        assertThat(p.interactions()).hasSize(1);

        p.endCall();
        assertThat(p.awaitInteractions(2, WAIT)).isTrue();
        InteractionTrace solicited = p.interactions().get(1).requireOk();
        assertThat(solicited.reason()).isEqualTo(Reason.SOLICITED);
        assertThat(solicited.actions()).containsExactly(Action.WRITE_ITEMS, Action.CLEAN_UP);
        assertThat(solicited.sendSolicited()).isFalse();
        assertThat(p.phone().value("ringer-melody")).contains("7");
        assertThat(p.solicitPending()).isFalse();
    }

    @Test
    void aCallOfConfiguredLengthEndsByItself() throws Exception {
        LivePhone p = one(505, LiveOptions.defaults().withCallDuration(Duration.ofMillis(100)));
        service.add(p.mac(), Action.WRITE_ITEMS, WpiItem.of("ringer-melody", "3"));
        p.startCall();
        p.startUp();
        assertThat(p.awaitInteractions(2, WAIT)).isTrue();
        assertThat(p.interactions()).extracting(InteractionTrace::reason).containsExactly(Reason.START_UP, Reason.SOLICITED);
        assertThat(p.isInCall()).isFalse();
        assertThat(p.phone().value("ringer-melody")).contains("3");
    }

    @Test
    void anIdlePhoneToldSendSolicitedReconnectsAtOnce() throws Exception {
        LivePhone p = one(506, LiveOptions.defaults());
        service.add(p.mac(), Action.WRITE_ITEMS, WpiItem.of("ringer-melody", "1"));
        service.add(p.mac(), Action.WRITE_ITEMS, WpiItem.of("ringer-melody", "2"));
        p.startUp();
        assertThat(p.awaitInteractions(2, WAIT)).isTrue();
        assertThat(p.interactions()).extracting(InteractionTrace::reason).containsExactly(Reason.START_UP, Reason.SOLICITED);
        assertThat(p.interactions().get(0).sendSolicited()).isTrue();
        assertThat(p.phone().value("ringer-melody")).contains("2");
    }

    @Test
    void aRestartedPhoneRegistersAgainAfterTheRebootDelay() throws Exception {
        LivePhone p = one(507, LiveOptions.defaults().withRebootDelay(Duration.ofMillis(50)));
        p.phone().setItem("sntp-addr", "10.9.9.9");
        service.add(p.mac(), Action.RESTART, WpiItem.of("restart-type", "FactoryReset"), WpiItem.of("restart-password", "124816"));
        p.startUp();
        assertThat(p.awaitInteractions(2, WAIT)).isTrue();
        assertThat(p.interactions()).extracting(InteractionTrace::reason).containsExactly(Reason.START_UP, Reason.START_UP);
        assertThat(p.interactions().getFirst().actions()).containsExactly(Action.RESTART);
        assertThat(p.phone().value("sntp-addr")).contains("");
        assertThat(service.from(p.mac()).getLast().item("configuration-changed-flag")).contains("true");
    }

    @ParameterizedTest
    @EnumSource(SoftwareOutcome.class)
    void softwareDeploymentOutcomes(SoftwareOutcome outcome) throws Exception {
        LivePhone p = one(508 + outcome.ordinal(), LiveOptions.defaults().withRebootDelay(Duration.ofMillis(50)));
        p.phone().setSoftwareOutcome(outcome);
        String old = p.phone().softwareVersion();
        service.add(p.mac(), Action.SOFTWARE_DEPLOYMENT, WpiItem.of("file-sw-version", "V9 R9.9.9"),
                WpiItem.of("file-priority", "immediate"));

        InteractionTrace deploy = p.startUp().get(10, TimeUnit.SECONDS).requireOk();
        assertThat(deploy.actions()).containsExactly(Action.SOFTWARE_DEPLOYMENT, Action.CLEAN_UP);

        if (outcome == SoftwareOutcome.NEVER_RETURN) {
            awaitTrue(() -> p.phone().isDead() && !p.isReachable(), "the phone to die");
            assertThat(p.interactions()).hasSize(1);
            assertThat(p.startUp()).isCompletedExceptionally();
            return;
        }
        assertThat(p.awaitInteractions(2, WAIT)).isTrue();
        assertThat(p.interactions().get(1).reason()).isEqualTo(Reason.START_UP);
        PhoneMessage startUp = service.from(p.mac()).getLast();
        assertThat(startUp.reason()).isEqualTo(Reason.START_UP);
        assertThat(startUp.item("software-version")).contains(outcome == SoftwareOutcome.INSTALL ? "V9 R9.9.9" : old);
        assertThat(p.phone().pendingSoftwareVersion()).isEmpty();
    }

    @Test
    void aPollingPhoneCallsInOnAccepted() throws Exception {
        LivePhone p = one(520, LiveOptions.defaults());
        p.startPolling(service.dcmpUrl(), Duration.ofMillis(50));
        awaitTrue(() -> p.pollsSent() >= 2, "two polls");
        assertThat(p.interactions()).isEmpty();

        service.add(p.mac(), Action.WRITE_ITEMS, WpiItem.of("ringer-melody", "4"));
        assertThat(p.awaitInteractions(1, WAIT)).isTrue();
        assertThat(p.interactions().getFirst().reason()).isEqualTo(Reason.SOLICITED);
        assertThat(p.phone().value("ringer-melody")).contains("4");

        int polls = p.pollsSent();
        awaitTrue(() -> p.pollsSent() >= polls + 2, "polling to go on");
        assertThat(p.interactions()).hasSize(1);
        p.stopPolling();
        assertThat(p.isPolling()).isFalse();
    }

    @Test
    void aPhoneToldItsDcmpUrlStartsPolling() throws Exception {
        LivePhone p = one(521, LiveOptions.defaults().withDcmpInterval(Duration.ofMillis(50)));
        service.add(p.mac(), Action.WRITE_ITEMS, WpiItem.of("dcmp-url", service.dcmpUrl() + "/dcmp/"));
        p.startUp().get(10, TimeUnit.SECONDS).requireOk();
        assertThat(p.isPolling()).isTrue();
        service.add(p.mac(), Action.WRITE_ITEMS, WpiItem.of("ringer-melody", "6"));
        assertThat(p.awaitInteractions(2, WAIT)).isTrue();
        assertThat(p.interactions().get(1).reason()).isEqualTo(Reason.SOLICITED);
    }

    @Test
    void pollUriFollowsTheBaseGiven() {
        assertThat(LivePhone.pollUri("http://h:1", "00:1A:E8:00:00:01"))
                .hasToString("http://h:1/dcmp/contact-me?device-id=00:1A:E8:00:00:01");
        assertThat(LivePhone.pollUri("http://h:1/dcmp/", "M")).hasToString("http://h:1/dcmp/contact-me?device-id=M");
    }

    @Test
    void misbehavingPhonesLeaveTheirJobPending() throws Exception {
        LivePhone p = one(530, LiveOptions.defaults());
        service.add(p.mac(), Action.WRITE_ITEMS, WpiItem.of("ringer-melody", "9"));

        p.phone().setMisbehaviour(Misbehaviour.DROP);
        InteractionTrace dropped = p.startUp().get(10, TimeUnit.SECONDS);
        assertThat(dropped.failure().kind()).isEqualTo(ErrorKind.CONNECTION_CLOSED);
        assertThat(dropped.actions()).containsExactly(Action.WRITE_ITEMS);
        assertThat(service.from(p.mac())).hasSize(1);
        assertThat(p.phone().value("ringer-melody")).isNotEqualTo(java.util.Optional.of("9"));

        p.phone().setMisbehaviour(Misbehaviour.MALFORMED);
        InteractionTrace malformed = p.startUp().get(10, TimeUnit.SECONDS);
        assertThat(malformed.failure().kind()).isEqualTo(ErrorKind.HTTP_STATUS);
        assertThat(malformed.httpStatuses()).containsExactly(200, 400);
        assertThat(service.unreadable).singleElement().asString().startsWith("<?xml").doesNotContain("</WorkpointMessage>");
        assertThat(service.hasJobs(p.mac())).isTrue();

        p.phone().setMisbehaviour(Misbehaviour.SLOW);
        p.phone().setSlowReplyDelay(Duration.ofMillis(150));
        InteractionTrace slow = p.startUp().get(10, TimeUnit.SECONDS).requireOk();
        assertThat(slow.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThat(slow.actions()).containsExactly(Action.WRITE_ITEMS, Action.CLEAN_UP);
        assertThat(p.phone().value("ringer-melody")).contains("9");
        assertThat(service.hasJobs(p.mac())).isFalse();
    }

    @Test
    void closingStopsListenersAndPolls() throws Exception {
        LiveFleet fleet = LiveFleet.start(simulator, SimulatedPhone.fleet(540, 0, 3),
                LiveOptions.defaults().withDcmp(service.dcmpUrl(), Duration.ofMillis(50)));
        LivePhone p = fleet.phones().getFirst();
        awaitTrue(() -> p.pollsSent() >= 1, "a poll");
        fleet.close();
        // Refused, normally; were the freed port taken by another listener meanwhile, still no answer from this phone.
        assertThatThrownBy(() -> contact(p, "ContactMe=true")).isInstanceOf(java.io.IOException.class);
        assertThat(p.contactMeReceived()).isZero();
        assertThat(p.isPolling()).isFalse();
        assertThat(p.startUp()).isCompletedExceptionally();
    }
}

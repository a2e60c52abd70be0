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
import org.deskfleet.wpi.server.work.DeviceJob;
import org.deskfleet.wpi.server.work.InMemoryPendingWork;
import org.deskfleet.wpi.server.work.JobOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The interaction state machine through real encoded documents. The command side is replaced by a small
 * in-memory recorder here; the end-to-end tests run the same flows against the real one.
 */
class InteractionEngineTest {

    private static final String MAC = "00:1A:E8:3B:77:0C";
    private static final String DEVICE = "00:1a:e8:3b:77:0c";
    private final WpiCodec codec = new WpiCodec();
    private final Map<String, JobOutcome> outcomes = new HashMap<>();
    private final List<Object> commands = new ArrayList<>();
    private InMemoryPendingWork work;
    private InteractionEngine engine;
    private boolean known;
    private ClientCommands clientCommands;

    @BeforeEach
    void setUp() {
        work = new InMemoryPendingWork(outcomes::put);
        ClientCommands fake = new ClientCommands() {
            @Override
            public CompletableFuture<RegistrationOutcome> register(RegisterClient c) {
                commands.add(c);
                return CompletableFuture.completedFuture(new RegistrationOutcome(!known, !known));
            }

            @Override
            public CompletableFuture<Void> recordItems(RecordReportedItems c) {
                commands.add(c);
                return CompletableFuture.completedFuture(null);
            }
        };
        engine = new InteractionEngine(codec, new InMemoryInteractionStore(Duration.ofMinutes(5), Clock.systemUTC()),
                fake, (d, at, r) -> { }, work, Clock.systemUTC(), 4);
        clientCommands = fake;
        known = true;
    }

    /**
     * The phone's last answer ends its job; it is told CleanUp (or given the Restart it acts on) only once the
     * result is stored: a server killed in between has told no phone "done" for work it would serve again.
     */
    @Test
    void thePhoneIsToldDoneOnlyOnceItsResultIsStored() {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        org.deskfleet.wpi.server.work.PendingWork slowStore = new org.deskfleet.wpi.server.work.PendingWork() {
            public boolean hasPending(String d) { return work.hasPending(d); }
            public java.util.Optional<DeviceJob> next(String d) { return work.next(d); }
            public void finished(String d, String j, JobOutcome o) { work.finished(d, j, o); }
            public void deferred(String d, String j, String r) { work.deferred(d, j, r); }
            public CompletableFuture<Void> recorded(String d, String j) { return stored; }
        };
        engine = new InteractionEngine(codec, new InMemoryInteractionStore(Duration.ofMinutes(5), Clock.systemUTC()),
                clientCommands, (d, at, r) -> { }, slowStore, Clock.systemUTC(), 4);
        work.add(DEVICE, new DeviceJob("j9", List.of(new DeviceJob.Step(Action.WRITE_ITEMS, List.of(WpiItem.of("sntp-addr", "10.0.0.9"))))));
        Exchange e = startUp("V3 R5.14.0", -1);
        assertThat(e.message().action()).isEqualTo(Action.WRITE_ITEMS);
        CompletableFuture<WpiResponse> last = engine.handle(new WpiRequest(codec.writePhoneMessage(
                PhoneMessage.replyTo("AB12", Action.WRITE_ITEMS, ReplyStatus.ACCEPTED, List.of())), e.session(), null, "127.0.0.1"));
        assertThat(outcomes.get("j9").status()).as("the result is handed on at once").isEqualTo(JobOutcome.Status.ACCEPTED);
        assertThat(last).as("the phone's answer while the result is not stored").isNotDone();
        stored.complete(null);
        try {
            assertThat(codec.readServiceMessage(last.join().body()).action()).isEqualTo(Action.CLEAN_UP);
        } catch (Exception x) {
            throw new AssertionError(x);
        }
    }

    /**
     * Two nodes share the interactions: one opened on node A and ended on node B (the phone's reply reached it)
     * holds A's slot until A learns it is gone; without that, cross-node interactions used up A's slots and every
     * phone was told overload.
     */
    @Test
    void anInteractionEndedOnAnotherNodeGivesItsSlotBackHere() {
        InMemoryInteractionStore shared = new InMemoryInteractionStore(Duration.ofMinutes(5), Clock.systemUTC());
        engine = new InteractionEngine(codec, shared, clientCommands, (d, at, r) -> { }, work, Clock.systemUTC(), 4);
        InteractionEngine nodeB = new InteractionEngine(codec, shared, clientCommands, (d, at, r) -> { }, work, Clock.systemUTC(), 4);
        work.add(DEVICE, new DeviceJob("j7", List.of(new DeviceJob.Step(Action.WRITE_ITEMS, List.of(WpiItem.of("sntp-addr", "10.0.0.7"))))));
        Exchange e = startUp("V3 R5.14.0", -1);
        assertThat(e.message().action()).isEqualTo(Action.WRITE_ITEMS);
        assertThat(engine.openInteractions()).isEqualTo(1);

        WpiResponse onB = nodeB.handle(new WpiRequest(codec.writePhoneMessage(
                PhoneMessage.replyTo("AB12", Action.WRITE_ITEMS, ReplyStatus.ACCEPTED, List.of())), e.session(), null, "127.0.0.1")).join();
        try {
            assertThat(codec.readServiceMessage(onB.body()).action()).isEqualTo(Action.CLEAN_UP);
        } catch (Exception x) {
            throw new AssertionError(x);
        }
        assertThat(shared.size()).isZero();
        assertThat(engine.openInteractions()).as("node A, before it looks").isEqualTo(1);

        assertThat(engine.releaseEndedElsewhere()).isEqualTo(1);
        assertThat(engine.openInteractions()).isZero();
        assertThat(nodeB.releaseEndedElsewhere()).isZero();
    }

    private static List<WpiItem> basic(String version) {
        return List.of(WpiItem.of("mac-addr", MAC), WpiItem.of("device-type", "OpenStage 40"),
                WpiItem.of("software-version", version), WpiItem.of("e164", "4930123"));
    }

    private record Exchange(ServiceMessage message, String session) {
    }

    private Exchange post(PhoneMessage m, String session) {
        WpiResponse r = engine.handle(new WpiRequest(codec.writePhoneMessage(m), session, null, "127.0.0.1")).join();
        assertThat(r.status()).isEqualTo(200);
        try {
            return new Exchange(codec.readServiceMessage(r.body()), r.session() != null ? r.session() : session);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Exchange startUp(String version, int maxItems) {
        return post(new PhoneMessage("AB12", maxItems, null, Reason.START_UP, "start-up", null, null, basic(version)), null);
    }

    private Exchange reply(Exchange previous, Action action, ReplyStatus status, List<WpiItem> items) {
        return post(PhoneMessage.replyTo("AB12", action, status, items), previous.session());
    }

    /**
     * A checkpoint step's answer goes to the job's source, which says what follows in the same interaction; what
     * it read is the job's and is not recorded on the client; a failed checkpoint ends the job with its reason.
     */
    @Test
    void aCheckpointDecidesWhatFollowsAndWhatItReadStaysTheJobs() {
        List<List<WpiItem>> seen = new ArrayList<>();
        java.util.concurrent.atomic.AtomicReference<org.deskfleet.wpi.server.work.JobCheckpoint> decision = new java.util.concurrent.atomic.AtomicReference<>(
                org.deskfleet.wpi.server.work.JobCheckpoint.then(List.of(new DeviceJob.Step(Action.WRITE_ITEMS,
                        List.of(WpiItem.of("sip-mobility-state", "0"))))));
        org.deskfleet.wpi.server.work.PendingWork deciding = new org.deskfleet.wpi.server.work.PendingWork() {
            public boolean hasPending(String d) { return work.hasPending(d); }
            public java.util.Optional<DeviceJob> next(String d) { return work.next(d); }
            public void finished(String d, String j, JobOutcome o) { work.finished(d, j, o); }
            public void deferred(String d, String j, String r) { work.deferred(d, j, r); }
            public CompletableFuture<org.deskfleet.wpi.server.work.JobCheckpoint> checkpoint(String d, DeviceJob job, Action a,
                                                                                         List<WpiItem> answered) {
                seen.add(answered);
                return CompletableFuture.completedFuture(decision.get());
            }
        };
        engine = new InteractionEngine(codec, new InMemoryInteractionStore(Duration.ofMinutes(5), Clock.systemUTC()),
                clientCommands, (d, at, r) -> { }, deciding, Clock.systemUTC(), 4);
        DeviceJob.Step read = new DeviceJob.Step(Action.READ_ITEMS, List.of(WpiItem.of("mobility-enabled", ""),
                WpiItem.of("userdata-phonebook", "")), true);
        work.add(DEVICE, new DeviceJob("c1", List.of(read)));
        Exchange e = startUp("V3 R5.14.0", 1);
        assertThat(e.message().action()).isEqualTo(Action.READ_ITEMS);
        assertThat(e.message().items()).as("a checkpoint is sent whole, whatever maxItems").hasSize(2);
        e = reply(e, Action.READ_ITEMS, ReplyStatus.ACCEPTED, List.of(WpiItem.of("mobility-enabled", "true"),
                WpiItem.of("userdata-phonebook", "secret of the user")));
        assertThat(seen).hasSize(1);
        assertThat(e.message().action()).isEqualTo(Action.WRITE_ITEMS);
        assertThat(e.message().items()).containsExactly(WpiItem.of("sip-mobility-state", "0"));
        e = reply(e, Action.WRITE_ITEMS, ReplyStatus.ACCEPTED, List.of());
        assertThat(e.message().action()).isEqualTo(Action.CLEAN_UP);
        assertThat(outcomes.get("c1").status()).isEqualTo(JobOutcome.Status.ACCEPTED);
        assertThat(commands).filteredOn(RecordReportedItems.class::isInstance).isEmpty();

        decision.set(org.deskfleet.wpi.server.work.JobCheckpoint.failed("mobility is not enabled at the phone"));
        work.add(DEVICE, new DeviceJob("c2", List.of(read)));
        e = startUp("V3 R5.14.0", -1);
        e = reply(e, Action.READ_ITEMS, ReplyStatus.ACCEPTED, List.of(WpiItem.of("mobility-enabled", "false")));
        assertThat(e.message().action()).isEqualTo(Action.CLEAN_UP);
        assertThat(outcomes.get("c2").status()).isEqualTo(JobOutcome.Status.FAILED);
        assertThat(outcomes.get("c2").detail()).isEqualTo("mobility is not enabled at the phone");

        work.add(DEVICE, new DeviceJob("c3", List.of(read)));
        e = startUp("V3 R5.14.0", -1);
        e = reply(e, Action.READ_ITEMS, ReplyStatus.FAILED, List.of());
        assertThat(outcomes.get("c3").status()).as("a checkpoint the phone refused fails the job").isEqualTo(JobOutcome.Status.FAILED);
        assertThat(seen).hasSize(2);
    }

    @Test
    void aKnownPhoneWithoutWorkIsSentCleanUp() {
        Exchange e = startUp("V3 R5.14.0", -1);
        assertThat(e.message().action()).isEqualTo(Action.CLEAN_UP);
        assertThat(e.message().items()).isEmpty();
    }

    @Test
    void anUnknownPhoneIsReadThenServedItsJobThenCleanedUp() {
        known = false;
        work.add(DEVICE, new DeviceJob("j1", List.of(new DeviceJob.Step(Action.WRITE_ITEMS, List.of(WpiItem.of("sntp-addr", "10.0.0.1"))))));
        Exchange e = startUp("V3 R5.14.0", -1);
        assertThat(e.message().action()).isEqualTo(Action.READ_ALL_ITEMS);
        e = reply(e, Action.READ_ALL_ITEMS, ReplyStatus.ACCEPTED, basic("V3 R5.14.0"));
        assertThat(e.message().action()).isEqualTo(Action.WRITE_ITEMS);
        assertThat(e.message().items()).containsExactly(WpiItem.of("sntp-addr", "10.0.0.1"));
        e = reply(e, Action.WRITE_ITEMS, ReplyStatus.ACCEPTED, List.of());
        assertThat(e.message().action()).isEqualTo(Action.CLEAN_UP);
        assertThat(outcomes.get("j1").status()).isEqualTo(JobOutcome.Status.ACCEPTED);
        assertThat(work.hasPending(DEVICE)).isFalse();
        assertThat(commands).filteredOn(RecordReportedItems.class::isInstance).hasSize(1);
    }

    @Test
    void rejectedItemsMakeAPartialOutcome() {
        work.add(DEVICE, new DeviceJob("j2", List.of(new DeviceJob.Step(Action.WRITE_ITEMS,
                List.of(WpiItem.of("sntp-addr", "x"), WpiItem.of("mac-addr", "y"))))));
        Exchange e = startUp("V3 R5.14.0", -1);
        e = reply(e, Action.WRITE_ITEMS, ReplyStatus.ACCEPTED, List.of(new WpiItem("mac-addr", null, "", "read only")));
        assertThat(e.message().action()).isEqualTo(Action.CLEAN_UP);
        assertThat(outcomes.get("j2").status()).isEqualTo(JobOutcome.Status.PARTIAL);
        assertThat(outcomes.get("j2").rejectedItems()).extracting(WpiItem::status).containsExactly("read only");
    }

    @Test
    void aBusyPhoneKeepsItsJobAndIsAskedToComeBackWhenItCan() {
        work.add(DEVICE, new DeviceJob("j3", List.of(new DeviceJob.Step(Action.WRITE_ITEMS, List.of(WpiItem.of("a", "1"))))));
        Exchange e = startUp("V3 R5.14.0", -1);
        e = reply(e, Action.WRITE_ITEMS, ReplyStatus.BUSY, List.of());
        assertThat(e.message().action()).isEqualTo(Action.CLEAN_UP);
        assertThat(e.message().item("send-solicited")).contains("true");
        assertThat(work.hasPending(DEVICE)).isTrue();

        // Old firmware has no send-solicited: plain CleanUp, the job waits for a retry.
        Exchange old = startUp("V2 R1.0.0", -1);
        old = reply(old, Action.WRITE_ITEMS, ReplyStatus.BUSY, List.of());
        assertThat(old.message().item("send-solicited")).isEmpty();
        assertThat(outcomes).isEmpty();
    }

    @Test
    void oneJobPerInteractionAndSendSolicitedWhileMoreWait() {
        work.add(DEVICE, new DeviceJob("a", List.of(new DeviceJob.Step(Action.WRITE_ITEMS, List.of(WpiItem.of("a", "1"))))));
        work.add(DEVICE, new DeviceJob("b", List.of(new DeviceJob.Step(Action.WRITE_ITEMS, List.of(WpiItem.of("b", "2"))))));
        Exchange e = startUp("V3 R5.14.0", -1);
        e = reply(e, Action.WRITE_ITEMS, ReplyStatus.ACCEPTED, List.of());
        assertThat(e.message().item("send-solicited")).contains("true");
        Exchange s = post(new PhoneMessage("CD34", -1, null, Reason.SOLICITED, "solicited", null, null, basic("V3 R5.14.0")), null);
        assertThat(s.message().items()).containsExactly(WpiItem.of("b", "2"));
        s = reply(s, Action.WRITE_ITEMS, ReplyStatus.ACCEPTED, List.of());
        assertThat(s.message().action()).isEqualTo(Action.CLEAN_UP);
        assertThat(s.message().items()).isEmpty();
        assertThat(outcomes).containsOnlyKeys("a", "b");
    }

    @Test
    void fragmentsAreGatheredWithGetNextFragmentAndRecordedOnce() {
        known = false;
        Exchange e = startUp("V3 R5.14.0", -1);
        e = post(new PhoneMessage("AB12", -1, Fragment.NEXT, Reason.REPLY_TO, "reply-to", "ReadAllItems",
                ReplyStatus.ACCEPTED, List.of(WpiItem.of("a", "1"))), e.session());
        assertThat(e.message().action()).isEqualTo(Action.GET_NEXT_FRAGMENT);
        e = post(new PhoneMessage("AB12", -1, Fragment.FINAL, Reason.REPLY_TO, "reply-to", "ReadAllItems",
                ReplyStatus.ACCEPTED, List.of(WpiItem.of("b", "2"))), e.session());
        assertThat(e.message().action()).isEqualTo(Action.CLEAN_UP);
        RecordReportedItems recorded = (RecordReportedItems) commands.getLast();
        assertThat(recorded.items()).extracting(i -> i.name()).containsExactly("a", "b");
        assertThat(recorded.complete()).isTrue();
    }

    @Test
    void writesAreSplitToThePhonesMaxItemsKeepingIndexGroupsTogether() {
        List<WpiItem> items = new ArrayList<>();
        IntStream.range(0, 5).forEach(i -> items.add(WpiItem.of("item-" + i, "v")));
        items.add(WpiItem.indexed("file-name", 1, "a.png"));
        items.add(WpiItem.indexed("file-type", 1, "LOGO"));
        work.add(DEVICE, new DeviceJob("split", List.of(new DeviceJob.Step(Action.WRITE_ITEMS, items))));
        Exchange e = startUp("V3 R5.14.0", 3);
        List<List<WpiItem>> sent = new ArrayList<>();
        while (e.message().action() == Action.WRITE_ITEMS) {
            assertThat(e.message().items()).hasSizeLessThanOrEqualTo(3);
            sent.add(e.message().items());
            e = reply(e, Action.WRITE_ITEMS, ReplyStatus.ACCEPTED, List.of());
        }
        assertThat(sent.stream().flatMap(List::stream)).containsExactlyElementsOf(items);
        assertThat(sent).anySatisfy(m -> assertThat(m).extracting(WpiItem::name).containsExactly("file-name", "file-type"));
        assertThat(outcomes.get("split").status()).isEqualTo(JobOutcome.Status.ACCEPTED);
    }

    @Test
    void aSingleFileDeploymentEndsWithTheStatusMessage() {
        work.add(DEVICE, new DeviceJob("f", List.of(new DeviceJob.Step(Action.FILE_DEPLOYMENT,
                List.of(WpiItem.of("file-type", "LOGO"), WpiItem.of("file-https-base-url", "https://files.test/logo.png"))))));
        Exchange e = startUp("V3 R5.14.0", -1);
        assertThat(e.message().action()).isEqualTo(Action.FILE_DEPLOYMENT);
        List<WpiItem> status = new ArrayList<>(basic("V3 R5.14.0"));
        status.add(WpiItem.of("file-deployment-status", "failed"));
        e = post(PhoneMessage.of("AB12", Reason.STATUS, status), e.session());
        assertThat(e.message().action()).isEqualTo(Action.CLEAN_UP);
        assertThat(outcomes.get("f").status()).isEqualTo(JobOutcome.Status.FAILED);
    }

    @Test
    void aRestartEndsTheInteractionAtOnce() {
        work.add(DEVICE, new DeviceJob("r", List.of(new DeviceJob.Step(Action.RESTART, List.of()))));
        Exchange e = startUp("V3 R5.14.0", -1);
        assertThat(e.message().action()).isEqualTo(Action.RESTART);
        assertThat(outcomes.get("r").status()).isEqualTo(JobOutcome.Status.DELIVERED);
        // the phone's next message is a new start-up; a stray reply finds nothing
        assertThat(reply(e, Action.RESTART, ReplyStatus.ACCEPTED, List.of()).message().item("cleanup-reason"))
                .contains("no interaction in progress");
    }

    @Test
    void anUnexpectedOrDuplicateReplyEndsTheInteractionWithAReason() {
        known = false;
        Exchange e = startUp("V3 R5.14.0", -1);
        Exchange wrong = reply(e, Action.WRITE_ITEMS, ReplyStatus.ACCEPTED, List.of());
        assertThat(wrong.message().item("cleanup-reason")).contains("unexpected reply");
        assertThat(reply(e, Action.READ_ALL_ITEMS, ReplyStatus.ACCEPTED, List.of()).message().item("cleanup-reason"))
                .contains("no interaction in progress");
        assertThat(commands).noneMatch(RecordReportedItems.class::isInstance);
    }

    @Test
    void pastTheBoundNewInteractionsAreShedWithOverload() {
        known = false;
        for (int i = 0; i < 4; i++) {
            List<WpiItem> items = new ArrayList<>(basic("V3 R5.14.0"));
            items.set(0, WpiItem.of("mac-addr", "00:1A:E8:00:00:0" + i));
            assertThat(post(PhoneMessage.of("AB12", Reason.START_UP, items), null).message().action()).isEqualTo(Action.READ_ALL_ITEMS);
        }
        int before = commands.size();
        Exchange shed = startUp("V3 R5.14.0", -1);
        assertThat(shed.message().item("cleanup-reason")).contains("overload");
        assertThat(commands).hasSize(before);
    }

    @Test
    void phonesBehindNatAreToldWhereToPollAtEveryStartUp() {
        engine = new InteractionEngine(codec, new InMemoryInteractionStore(Duration.ofMinutes(5), Clock.systemUTC()),
                new ClientCommands() {
                    public CompletableFuture<RegistrationOutcome> register(RegisterClient c) {
                        return CompletableFuture.completedFuture(new RegistrationOutcome(false, false));
                    }

                    public CompletableFuture<Void> recordItems(RecordReportedItems c) {
                        return CompletableFuture.completedFuture(null);
                    }
                }, (d, at, r) -> { }, work, Clock.systemUTC(), 4,
                new org.deskfleet.wpi.server.dcmp.DcmpPolicy(org.deskfleet.wpi.server.dcmp.DcmpPolicy.Mode.AUTOMATIC,
                        "http://dls.example.test:18080/"));
        List<WpiItem> natted = new ArrayList<>(basic("V3 R5.14.0"));
        natted.add(WpiItem.of("contact-me-uri", "http://10.40.8.23:8085/contact_dls.html/ContactDLS"));
        // The request comes from 127.0.0.1, the phone says it is 10.40.8.23: behind NAT.
        Exchange e = post(PhoneMessage.of("AB12", Reason.START_UP, natted), null);
        assertThat(e.message().action()).isEqualTo(Action.WRITE_ITEMS);
        assertThat(e.message().items()).containsExactly(WpiItem.of("dcmp-url", "http://dls.example.test:18080/dcmp/"));
        assertThat(reply(e, Action.WRITE_ITEMS, ReplyStatus.ACCEPTED, List.of()).message().action()).isEqualTo(Action.CLEAN_UP);

        List<WpiItem> direct = new ArrayList<>(basic("V3 R5.14.0"));
        direct.add(WpiItem.of("contact-me-uri", "http://127.0.0.1:8085/contact_dls.html/ContactDLS"));
        assertThat(post(PhoneMessage.of("AB12", Reason.START_UP, direct), null).message().action()).isEqualTo(Action.CLEAN_UP);
    }
}

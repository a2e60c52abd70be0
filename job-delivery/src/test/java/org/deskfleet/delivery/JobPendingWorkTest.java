package org.deskfleet.delivery;

import org.deskfleet.wpi.server.work.ParameterItems;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.delivery.secret.SecretCipher;
import org.deskfleet.kernel.job.JobSpec;
import org.deskfleet.kernel.job.RecordJobTargetDeferred;
import org.deskfleet.kernel.job.RecordJobTargetResult;
import org.deskfleet.kernel.job.RecordJobTargetStartUp;
import org.deskfleet.kernel.job.TargetResult;
import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.WpiItem;
import org.deskfleet.wpi.server.work.CompositePendingWork;
import org.deskfleet.wpi.server.work.DeviceJob;
import org.deskfleet.wpi.server.work.InMemoryPendingWork;
import org.deskfleet.wpi.server.work.JobOutcome;
import org.deskfleet.wpi.server.work.Steps;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** From the pending-jobs index to WPI steps and back to Job commands, without a server. */
class JobPendingWorkTest {

    static final String DEVICE = "00:1a:e8:00:00:01";
    static final String OTHER = "00:1a:e8:00:00:02";
    static final String SNTP = "general.date-time.sntp-server-address";
    static final String PWD = "telephony.sip.registration-password";

    /** An index the test sets by hand. */
    static final class Index implements PendingJobs {
        final Map<String, List<PendingJob>> jobs = new ConcurrentHashMap<>();

        @Override
        public List<PendingJob> of(String deviceId) {
            return jobs.getOrDefault(deviceId, List.of());
        }

        @Override
        public boolean hasPending(String deviceId) {
            return of(deviceId).stream().anyMatch(j -> !j.awaitingStartUp());
        }

        @Override
        public Set<String> devicesWithPending() {
            return jobs.keySet();
        }

        @Override
        public boolean polls(String deviceId) {
            return false;
        }

        volatile boolean ready = true;

        @Override
        public boolean ready() {
            return ready;
        }
    }

    static class Recorder implements JobCommands {
        final List<Object> sent = new ArrayList<>();
        /** Phase words (contacted, serving), apart from the results they come with. */
        final List<Object> phases = new ArrayList<>();

        @Override
        public synchronized CompletableFuture<Void> contacted(org.deskfleet.kernel.job.RecordJobTargetContacted c) {
            phases.add(c);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public synchronized CompletableFuture<Void> serving(org.deskfleet.kernel.job.RecordJobTargetServing c) {
            phases.add(c);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public synchronized CompletableFuture<Void> result(RecordJobTargetResult c) {
            sent.add(c);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public synchronized CompletableFuture<Void> deferred(RecordJobTargetDeferred c) {
            sent.add(c);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public synchronized CompletableFuture<Void> startedUp(RecordJobTargetStartUp c) {
            sent.add(c);
            return CompletableFuture.completedFuture(null);
        }
    }

    /** Reversible stand-in: the point here is that decryption happens, with the job's key. */
    static final SecretCipher CIPHER = new SecretCipher() {
        public String decrypt(String keyId, String ciphertext) {
            String body = ciphertext.substring(PREFIX.length());
            assertThat(body).startsWith(keyId + ":");
            return new StringBuilder(body.substring(keyId.length() + 1)).reverse().toString();
        }
    };

    final Index index = new Index();
    final Recorder commands = new Recorder();
    final Map<String, String> items = Map.of(SNTP, "sntp-addr", PWD, "reg-pwd");
    final JobPendingWork work = new JobPendingWork(index, new JobSteps((k, i, v) -> items.containsKey(k) ? List.of(new ParameterItems.Item(items.get(k), i, v)) : List.of(), CIPHER),
            commands, Clock.systemUTC());

    @Test
    void aConfigurationIsWrittenThenReadBackAndSecretsAreDecryptedOnlyOnTheWire() {
        JobSpec spec = new JobSpec.Configure(List.of(new ParameterValue(SNTP, null, "10.1.1.1"),
                new ParameterValue(PWD, null, SecretCipher.PREFIX + "job:j1:" + new StringBuilder("s3cret").reverse())));
        index.jobs.put(DEVICE, List.of(new PendingJobs.PendingJob("j1", spec, 1, false)));

        DeviceJob job = work.next(DEVICE).orElseThrow();
        assertThat(job.steps()).extracting(DeviceJob.Step::action).containsExactly(Action.WRITE_ITEMS, Action.READ_ITEMS);
        assertThat(job.steps().get(0).items()).containsExactly(WpiItem.of("sntp-addr", "10.1.1.1"), WpiItem.of("reg-pwd", "s3cret"));
        assertThat(job.steps().get(1).items()).extracting(WpiItem::name).containsExactly("sntp-addr");

        // The phone took everything, but reads back another value: not applied.
        work.finished(DEVICE, "j1", new JobOutcome(JobOutcome.Status.ACCEPTED, null, List.of(), List.of(WpiItem.of("sntp-addr", "10.9.9.9"))));
        RecordJobTargetResult r = (RecordJobTargetResult) commands.sent.get(0);
        assertThat(r.result().outcome()).isEqualTo(TargetResult.Outcome.PARTIAL);
        assertThat(r.result().itemStatuses()).singleElement().satisfies(s -> assertThat(s.status()).contains("different value"));
        assertThat(r.result().exchange()).extracting(e -> e.action()).containsExactly("WriteItems", "ReadItems");
        // Finished here: not served again while the index still lists it.
        assertThat(work.hasPending(DEVICE)).isFalse();
        assertThat(work.next(DEVICE)).isEmpty();
    }

    /** The Job never moves an ended target back: a late "serving" would be refused, so the result waits for it. */
    @Test
    void aTargetsEndIsSentOnlyAfterItsServingWordWasStored() {
        CompletableFuture<Void> servingStored = new CompletableFuture<>();
        List<Object> order = new ArrayList<>();
        JobCommands slowServing = new Recorder() {
            @Override
            public synchronized CompletableFuture<Void> serving(org.deskfleet.kernel.job.RecordJobTargetServing c) {
                order.add(c);
                return servingStored;
            }

            @Override
            public synchronized CompletableFuture<Void> result(RecordJobTargetResult c) {
                order.add(c);
                return super.result(c);
            }

            @Override
            public synchronized CompletableFuture<Void> deferred(RecordJobTargetDeferred c) {
                order.add(c);
                return super.deferred(c);
            }
        };
        JobPendingWork slow = new JobPendingWork(index, new JobSteps((k, i, v) -> List.of(), CIPHER), slowServing, Clock.systemUTC());
        index.jobs.put(DEVICE, List.of(new PendingJobs.PendingJob("j1", new JobSpec.RefreshData(), 1, false)));
        index.jobs.put(OTHER, List.of(new PendingJobs.PendingJob("j1", new JobSpec.RefreshData(), 1, false)));
        slow.next(DEVICE).orElseThrow();
        slow.next(OTHER).orElseThrow();

        slow.finished(DEVICE, "j1", new JobOutcome(JobOutcome.Status.ACCEPTED, null, List.of(), List.of()));
        slow.deferred(OTHER, "j1", "busy");
        CompletableFuture<Void> told = slow.recorded(DEVICE, "j1");
        assertThat(order).hasSize(2).allMatch(c -> c instanceof org.deskfleet.kernel.job.RecordJobTargetServing);
        assertThat(told).isNotDone(); // the phone is not told "done" before its result is sent

        servingStored.completeExceptionally(new IllegalStateException("refused")); // stored or refused: behind us
        assertThat(order).hasSize(4);
        assertThat(order.subList(2, 4)).extracting(Object::getClass).map(Class::getSimpleName)
                .containsExactlyInAnyOrder("RecordJobTargetResult", "RecordJobTargetDeferred");
        assertThat(told).isCompleted();
    }

    @Test
    void anUndeliverableJobFailsWithTheReasonAndTheNextOneIsServed() {
        JobSpec unmapped = new JobSpec.Configure(List.of(new ParameterValue("some.unmapped.parameter", null, "1")));
        index.jobs.put(DEVICE, List.of(new PendingJobs.PendingJob("j1", unmapped, 1, false),
                new PendingJobs.PendingJob("j2", new JobSpec.RefreshData(), 2, false)));

        DeviceJob job = work.next(DEVICE).orElseThrow();
        assertThat(job.jobId()).isEqualTo("j2");
        RecordJobTargetResult failed = (RecordJobTargetResult) commands.sent.get(0);
        assertThat(failed.jobId()).isEqualTo("j1");
        assertThat(failed.result().outcome()).isEqualTo(TargetResult.Outcome.FAILED);
        assertThat(failed.result().detail()).contains("some.unmapped.parameter").contains("not deliverable");
    }

    @Test
    void aRestartIsToldItsStartUpAfterItsResult() {
        index.jobs.put(DEVICE, List.of(new PendingJobs.PendingJob("j1", new JobSpec.Restart(), 1, false)));
        work.next(DEVICE).orElseThrow();
        work.finished(DEVICE, "j1", new JobOutcome(JobOutcome.Status.DELIVERED, "restart sent", List.of(), List.of()));
        work.startedUp(DEVICE, "V3 R5.14.0");
        assertThat(commands.sent).hasSize(2);
        assertThat(commands.sent.get(0)).isInstanceOf(RecordJobTargetResult.class);
        assertThat(commands.sent.get(1)).isEqualTo(new RecordJobTargetStartUp("j1", DEVICE, "V3 R5.14.0",
                ((RecordJobTargetStartUp) commands.sent.get(1)).at()));
    }

    @Test
    void oneJobOnManyPhonesIsAnsweredForEachPhone() {
        InMemoryPendingWork own = new InMemoryPendingWork();
        CompositePendingWork all = new CompositePendingWork(List.of(own, work));
        JobSpec refresh = new JobSpec.RefreshData();
        index.jobs.put(DEVICE, List.of(new PendingJobs.PendingJob("j1", refresh, 1, false)));
        index.jobs.put(OTHER, List.of(new PendingJobs.PendingJob("j1", refresh, 1, false)));
        own.add(OTHER, new DeviceJob("bootstrap", List.of(Steps.readAllItems())));

        assertThat(all.next(DEVICE).orElseThrow().jobId()).isEqualTo("j1");
        assertThat(all.next(OTHER).orElseThrow().jobId()).isEqualTo("bootstrap"); // the adapter's own work first
        all.finished(OTHER, "bootstrap", new JobOutcome(JobOutcome.Status.ACCEPTED, null, List.of(), List.of()));
        assertThat(all.next(OTHER).orElseThrow().jobId()).isEqualTo("j1");
        all.finished(DEVICE, "j1", new JobOutcome(JobOutcome.Status.ACCEPTED, null, List.of(), List.of()));
        all.deferred(OTHER, "j1", "busy");
        assertThat(commands.sent).hasSize(2);
        assertThat(commands.sent.get(0)).isInstanceOfSatisfying(RecordJobTargetResult.class, r -> assertThat(r.deviceId()).isEqualTo(DEVICE));
        assertThat(commands.sent.get(1)).isInstanceOfSatisfying(RecordJobTargetDeferred.class, d -> {
            assertThat(d.deviceId()).isEqualTo(OTHER);
            assertThat(d.reason()).isEqualTo("busy");
        });
        assertThat(all.hasPending(OTHER)).isTrue();
        assertThat(all.hasPending(DEVICE)).isFalse();
    }

    /**
     * Several nodes: a phone's WriteItems came from another node, its last answer reaches this one before this
     * node's index lists the job (it was just started). The answer still goes to the Job: dropped, the phone
     * would be told "done" with no result kept, and the target, left in interaction, served to it again.
     */
    @Test
    void aJobServedByAnotherNodeAndNotYetListedHereIsStillAnsweredForToTheJob() {
        InMemoryPendingWork own = new InMemoryPendingWork();
        CompositePendingWork all = new CompositePendingWork(List.of(own, work));
        DeviceJob servedElsewhere = new DeviceJob("j1", List.of(new DeviceJob.Step(Action.WRITE_ITEMS,
                List.of(WpiItem.of("sntp-addr", "10.2.2.2")))));

        all.finished(DEVICE, servedElsewhere, new JobOutcome(JobOutcome.Status.ACCEPTED, null, List.of(), List.of()));
        all.deferred(OTHER, "j1", "busy");

        assertThat(commands.sent).hasSize(2);
        assertThat(commands.sent.get(0)).isInstanceOfSatisfying(RecordJobTargetResult.class, r -> {
            assertThat(r.jobId()).isEqualTo("j1");
            assertThat(r.deviceId()).isEqualTo(DEVICE);
            assertThat(r.result().outcome()).isEqualTo(TargetResult.Outcome.ACCEPTED);
        });
        assertThat(commands.sent.get(1)).isInstanceOfSatisfying(RecordJobTargetDeferred.class, d -> assertThat(d.deviceId()).isEqualTo(OTHER));
        // Ended here: the index catching up with the job a moment later must not serve it again on this node.
        index.jobs.put(DEVICE, List.of(new PendingJobs.PendingJob("j1", new JobSpec.RefreshData(), 1, false)));
        assertThat(all.next(DEVICE)).isEmpty();
    }

    /**
     * Several nodes: a mobile user's job was served by another node, and its checkpoint answer reaches this node
     * before this node's index lists the job. The checkpoint waits for the index (a moment), not fails the job.
     */
    @Test
    void aCheckpointOfAJobNotYetListedHereWaitsForTheIndex() throws Exception {
        List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.deskfleet.wpi.server.mobility.MobilityPort port = (org.deskfleet.wpi.server.mobility.MobilityPort) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[]{org.deskfleet.wpi.server.mobility.MobilityPort.class}, (proxy, method, args) -> {
                    asked.add(method.getName());
                    return method.getName().equals("userAt") ? CompletableFuture.completedFuture(java.util.Optional.empty())
                            : CompletableFuture.completedFuture(null);
                });
        work.mobility(new MobilityJobSteps(port, (k, i, v) -> List.of(), Clock.systemUTC()));
        CompositePendingWork all = new CompositePendingWork(List.of(new InMemoryPendingWork(), work));
        DeviceJob servedElsewhere = new DeviceJob("j1", List.of(new DeviceJob.Step(Action.READ_ITEMS, List.of()).asCheckpoint()));

        CompletableFuture<org.deskfleet.wpi.server.work.JobCheckpoint> answer = all.checkpoint(DEVICE, servedElsewhere, Action.READ_ITEMS, List.of());
        Thread.sleep(300);
        assertThat(answer).isNotDone();
        index.jobs.put(DEVICE, List.of(new PendingJobs.PendingJob("j1", new JobSpec.MobileUserLogoff("mu-1", "bob"), 1, false)));

        org.deskfleet.wpi.server.work.JobCheckpoint checkpoint = answer.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(checkpoint.failure()).isNotEqualTo("the job is no longer pending for this phone");
        assertThat(asked).as("the logoff's steps were asked, with the job's plan").isNotEmpty();
    }

    /** SERVING → ENDED: not served again while the index lags; forgotten once the index has the result. */
    @Test
    void anEndedTargetIsNotServedAgainWhileTheIndexLagsBehind() {
        index.jobs.put(DEVICE, List.of(new PendingJobs.PendingJob("j1", new JobSpec.RefreshData(), 1, false)));
        work.next(DEVICE).orElseThrow();
        work.finished(DEVICE, "j1", new JobOutcome(JobOutcome.Status.ACCEPTED, null, List.of(), List.of()));
        assertThat(work.hasPending(DEVICE)).isFalse(); // the index still lists it
        assertThat(work.next(DEVICE)).isEmpty();
        index.jobs.remove(DEVICE); // the result came back through the events
        assertThat(work.next(DEVICE)).isEmpty();
        // The same job id pending again (a new target list) is served: the local state was forgotten.
        index.jobs.put(DEVICE, List.of(new PendingJobs.PendingJob("j1", new JobSpec.RefreshData(), 1, false)));
        assertThat(work.next(DEVICE)).isPresent();
        // SERVING → deferred → PENDING: served again at the next contact.
        work.deferred(DEVICE, "j1", "busy");
        assertThat(work.next(DEVICE)).isPresent();
    }

    /**
     * Several nodes: this node served a job, the phone's interaction ended on another node, which recorded the result;
     * the phone never calls in here again. Its state here (SERVING) and its DCMP poll word are forgotten once the
     * index has moved past the job, at the next sweep (delivery's housekeeping, every minute), not kept for the node's
     * life; but not while the index is still catching up after a start (a job not listed yet has not ended).
     */
    @Test
    void whatAnotherNodeEndedIsForgottenHereEvenIfThePhoneNeverComesBack() {
        index.jobs.put(DEVICE, List.of(new PendingJobs.PendingJob("j1", new JobSpec.RefreshData(), 1, false)));
        index.jobs.put(OTHER, List.of(new PendingJobs.PendingJob("j2", new JobSpec.RefreshData(), 1, false)));
        work.toldToCallIn(OTHER);
        work.next(DEVICE).orElseThrow(); // served here; the phone goes on with another node
        assertThat(work.holds(DEVICE, "j1")).isTrue();
        assertThat(work.devicesHeld()).isEqualTo(2);

        index.jobs.remove(DEVICE); // the other node's result came back through the events
        index.jobs.remove(OTHER);  // j2 ended too (its phone polled here, then was served elsewhere)
        index.ready = false;
        work.sweep();
        assertThat(work.devicesHeld()).as("not while the index catches up").isEqualTo(2);

        index.ready = true;
        work.sweep();
        assertThat(work.holds(DEVICE, "j1")).isFalse();
        assertThat(work.devicesHeld()).isZero();
    }

    /** A job served here and still listed keeps its state through a sweep: its answer needs the job as sent. */
    @Test
    void aSweepKeepsWhatIsStillInInteraction() {
        index.jobs.put(DEVICE, List.of(new PendingJobs.PendingJob("j1", new JobSpec.RefreshData(), 1, false)));
        work.next(DEVICE).orElseThrow();
        work.sweep();
        assertThat(work.holds(DEVICE, "j1")).isTrue();
        assertThat(work.devicesHeld()).isEqualTo(1);
        // ended here, the index not caught up: kept (not served again)
        work.finished(DEVICE, "j1", new JobOutcome(JobOutcome.Status.ACCEPTED, null, List.of(), List.of()));
        work.sweep();
        assertThat(work.next(DEVICE)).isEmpty();
        index.jobs.remove(DEVICE);
        work.sweep();
        assertThat(work.devicesHeld()).isZero();
    }

    /** The phone restarts and starts up before the index has seen the delivery: the restart is not served again. */
    @Test
    void aStartUpBeforeTheIndexCaughtUpDoesNotServeTheRestartAgain() {
        index.jobs.put(DEVICE, List.of(new PendingJobs.PendingJob("j1", new JobSpec.Restart(), 1, false)));
        work.next(DEVICE).orElseThrow();
        work.finished(DEVICE, "j1", new JobOutcome(JobOutcome.Status.DELIVERED, "restart sent", List.of(), List.of()));
        work.startedUp(DEVICE, "V3 R5.14.0"); // the index still lists j1 as waiting for delivery
        assertThat(work.next(DEVICE)).isEmpty();
        assertThat(work.hasPending(DEVICE)).isFalse();
    }

    /** Each transition is told to the Job: served (without waiting); told on a DCMP poll once until served or deferred. */
    @Test
    void theJobHearsOfEachTransitionOnce() {
        index.jobs.put(DEVICE, List.of(new PendingJobs.PendingJob("j1", new JobSpec.RefreshData(), 1, false)));
        work.toldToCallIn(DEVICE);
        work.toldToCallIn(DEVICE); // the next poll: nothing new
        assertThat(commands.phases).singleElement().isInstanceOfSatisfying(
                org.deskfleet.kernel.job.RecordJobTargetContacted.class,
                c -> assertThat(c.channel()).isEqualTo(org.deskfleet.kernel.job.ContactChannel.DCMP_POLL));
        work.next(DEVICE).orElseThrow();
        assertThat(commands.phases).hasSize(2).last().isInstanceOf(org.deskfleet.kernel.job.RecordJobTargetServing.class);
        work.deferred(DEVICE, "j1", "busy");
        work.toldToCallIn(DEVICE); // pending again: told again
        assertThat(commands.phases).hasSize(3).last().isInstanceOf(org.deskfleet.kernel.job.RecordJobTargetContacted.class);
    }

    /** A plan that ends at the answer is not held for a start-up, even if the phone answered "delivered". */
    @Test
    void thePlanNotTheWpiActionsSaysWhetherAStartUpIsAwaited() {
        index.jobs.put(DEVICE, List.of(new PendingJobs.PendingJob("j1", new JobSpec.RefreshData(), 1, false)));
        work.next(DEVICE).orElseThrow();
        work.finished(DEVICE, "j1", new JobOutcome(JobOutcome.Status.DELIVERED, "sent", List.of(), List.of()));
        work.startedUp(DEVICE, "V3 R5.14.0");
        assertThat(commands.sent).hasSize(1).first().isInstanceOf(RecordJobTargetResult.class);
    }
}

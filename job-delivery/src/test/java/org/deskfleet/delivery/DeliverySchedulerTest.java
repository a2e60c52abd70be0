package org.deskfleet.delivery;

import org.deskfleet.wpi.server.contactme.PhoneContact;
import org.deskfleet.kernel.job.JobSpec;
import org.deskfleet.kernel.job.RecordJobTargetDeferred;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Who is contacted when: due phones once, again after the re-contact time, failures with growing back-off. */
class DeliverySchedulerTest {

    static final String DEVICE = "00:1a:e8:00:00:01";

    /** A clock the test moves. */
    static final class Moving extends Clock {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");

        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        public Instant instant() {
            return now;
        }
    }

    final JobPendingWorkTest.Index index = new JobPendingWorkTest.Index();
    final JobPendingWorkTest.Recorder commands = new JobPendingWorkTest.Recorder();
    final List<String> contacted = new ArrayList<>();
    String answer = "ACKNOWLEDGED";
    final Moving clock = new Moving();
    final PhoneContact contact = new PhoneContact() {
        public CompletableFuture<ContactResult> contact(String deviceId) {
            contacted.add(deviceId);
            return CompletableFuture.completedFuture(new ContactResult(deviceId, answer, 0, null));
        }

        public ScanStatus startScan(String address, String mask) {
            throw new UnsupportedOperationException();
        }

        public Optional<ScanStatus> scan(String id) {
            return Optional.empty();
        }
    };
    final JobPendingWork work = new JobPendingWork(index, new JobSteps((k, i, v) -> List.of(), null), commands, clock);
    final DeliveryScheduler scheduler = new DeliveryScheduler(index, work, contact, commands, clock,
            new DeliveryScheduler.Settings(Duration.ofSeconds(1), Duration.ofSeconds(300), Duration.ofSeconds(30), Duration.ofMinutes(2), 10));

    @Test
    void anAcknowledgedPhoneIsAskedAgainOnlyAfterTheRecontactTime() {
        index.jobs.put(DEVICE, List.of(new PendingJobs.PendingJob("j1", new JobSpec.RefreshData(), 1, false)));
        scheduler.tick();
        scheduler.tick();
        assertThat(contacted).containsExactly(DEVICE);
        // The acknowledged contact is told to the Job once per attempt.
        assertThat(commands.phases).singleElement().isEqualTo(new org.deskfleet.kernel.job.RecordJobTargetContacted(
                "j1", DEVICE, org.deskfleet.kernel.job.ContactChannel.CONTACT_ME, clock.now));
        clock.now = clock.now.plusSeconds(301);
        scheduler.tick();
        assertThat(contacted).hasSize(2);
        assertThat(commands.sent).isEmpty();
    }

    @Test
    void anUnreachablePhoneIsTriedWithGrowingBackOffAndEachFailureIsRecorded() {
        answer = "UNREACHABLE";
        index.jobs.put(DEVICE, List.of(new PendingJobs.PendingJob("j1", new JobSpec.RefreshData(), 1, false)));
        List<Long> triedAt = new ArrayList<>();
        Instant start = clock.now;
        for (int s = 0; s <= 400; s++) {
            clock.now = start.plusSeconds(s);
            int before = contacted.size();
            scheduler.tick();
            if (contacted.size() > before) {
                triedAt.add((long) s);
            }
        }
        // 30 s, 60 s, then capped at 120 s
        assertThat(triedAt).containsExactly(0L, 30L, 90L, 210L, 330L);
        assertThat(commands.sent).hasSize(5).allSatisfy(c -> assertThat(((RecordJobTargetDeferred) c).reason()).startsWith("contact-me: unreachable"));
    }

    @Test
    void awaitingOrPollingPhonesAreNotContacted() {
        index.jobs.put(DEVICE, List.of(new PendingJobs.PendingJob("j1", new JobSpec.Restart(), 1, true)));
        scheduler.tick();
        assertThat(contacted).isEmpty();
    }

    /** A contact-me makes a phone start a new interaction: never over one that is still open (on any node). */
    @Test
    void aPhoneInAnInteractionIsContactedOnlyOnceItEnds() {
        java.util.Set<String> inInteraction = new java.util.HashSet<>(java.util.Set.of(DEVICE));
        scheduler.skipWhileInInteraction(inInteraction::contains);
        index.jobs.put(DEVICE, List.of(new PendingJobs.PendingJob("j1", new JobSpec.RefreshData(), 1, false)));
        scheduler.tick();
        assertThat(contacted).isEmpty();
        inInteraction.clear();
        scheduler.tick();
        assertThat(contacted).containsExactly(DEVICE);
    }

    @Test
    void aPhoneOfAnotherNodesPartitionIsNotContacted() {
        DeliveryScheduler other = new DeliveryScheduler(index, work, contact, commands, clock,
                new DeliveryScheduler.Settings(Duration.ofSeconds(1), Duration.ofSeconds(300), Duration.ofSeconds(30),
                        Duration.ofMinutes(2), 10), device -> false);
        index.jobs.put(DEVICE, List.of(new PendingJobs.PendingJob("j1", new JobSpec.RefreshData(), 1, false)));
        other.tick();
        assertThat(contacted).isEmpty();
    }
}

package org.deskfleet.command.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.deskfleet.kernel.job.ContactChannel;
import org.deskfleet.kernel.job.JobCreated;
import org.deskfleet.kernel.job.JobSpec;
import org.deskfleet.kernel.job.JobStarted;
import org.deskfleet.kernel.job.JobStatus;
import org.deskfleet.kernel.job.JobTarget;
import org.deskfleet.kernel.job.JobTargetCompleted;
import org.deskfleet.kernel.job.JobTargetContacted;
import org.deskfleet.kernel.job.JobTargetServing;
import org.deskfleet.kernel.job.TargetPhase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job's snapshot (what a load after a restart starts from) is the aggregate as the event serializer writes it:
 * read back, it decides exactly as the job it was taken of, its targets in their order.
 */
class JobSnapshotTest {

    private static final Instant T = Instant.parse("2026-12-04T08:00:00Z");

    @Test
    void aSnapshotReadBackIsTheSameJob() {
        List<JobTarget> targets = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            targets.add(new JobTarget(String.format("001ae8%06x", i), "49301" + i, "OpenStage 60", "Siemens SIP", "V3 R5.14.0"));
        }
        Job job = new Job();
        job.on(new JobCreated("job-1", new JobSpec.Restart(), targets, null, Duration.ofHours(1), Duration.ofDays(7), "admin", "test", T));
        job.on(new JobStarted("job-1", T));
        for (int i = 0; i < 200; i++) {
            String id = targets.get(i).deviceId();
            job.on(new JobTargetContacted("job-1", id, ContactChannel.CONTACT_ME, T.plusSeconds(i)));
            job.on(new JobTargetServing("job-1", id, T.plusSeconds(i)));
            if (i % 2 == 0) {
                job.on(new JobTargetCompleted("job-1", id, JobStatus.SUCCESS, "ok", List.of(), List.of(), T.plusSeconds(i)));
            }
        }
        JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(new ObjectMapper()
                .registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)).build();

        SerializedObject<byte[]> written = serializer.serialize(job, byte[].class);
        Job read = serializer.deserialize(written);

        assertThat(read.state()).isEqualTo(job.state());
        assertThat(List.copyOf(read.state().targets().keySet())).isEqualTo(targets.stream().map(JobTarget::deviceId).toList());
        assertThat(read.state().target(targets.get(0).deviceId()).status()).isEqualTo(JobStatus.SUCCESS);
        assertThat(read.state().target(targets.get(1).deviceId()).phase()).isEqualTo(TargetPhase.IN_INTERACTION);
        assertThat(read.state().target(targets.get(250).deviceId()).phase()).isEqualTo(TargetPhase.PENDING);
        // read back, it goes on deciding: the next event changes one target and shares the rest
        read.on(new JobTargetCompleted("job-1", targets.get(1).deviceId(), JobStatus.FAILED, "no", List.of(), List.of(), T));
        assertThat(read.state().target(targets.get(1).deviceId()).status()).isEqualTo(JobStatus.FAILED);
        assertThat(read.state().target(targets.get(2).deviceId())).isSameAs(read.state().target(targets.get(2).deviceId()));
    }
}

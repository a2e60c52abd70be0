package org.deskfleet.query.job;

import org.deskfleet.kernel.job.JobStatus;
import org.deskfleet.kernel.job.JobType;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/** A job's summary: what the job list shows. Its targets are {@link JobTargetDocument}s. */
@Document("#{@readModels.name('jobs')}")
public class JobDocument {
    @Id
    public String jobId;
    public JobType type;
    public String summary;
    public String initiator;
    public String reason;
    public JobStatus state;
    public Instant createdAt;
    public Instant plannedAt;
    public Instant startedAt;
    public Instant completedAt;
    public int total;
    public int pending;
    public int succeeded;
    public int partial;
    public int failed;
    public int timedOut;
    public long lastSequence = -1;
}

package org.deskfleet.query.job;

import org.deskfleet.kernel.job.ExchangeStep;
import org.deskfleet.kernel.job.ItemStatus;
import org.deskfleet.kernel.job.JobStatus;
import org.deskfleet.kernel.job.TargetPhase;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One target of one job; the id is {@code jobId/deviceId}, so every lookup goes by primary key. */
@Document("#{@readModels.name('job_targets')}")
public class JobTargetDocument {
    @Id
    public String id;
    public String jobId;
    public String deviceId;
    public String e164;
    public String deviceType;
    public String softwareType;
    public JobStatus state;
    /** Where its delivery stands; absent in documents written before phases were recorded. */
    public TargetPhase phase;
    public String detail;
    public int attempts;
    public boolean awaitingStartUp;
    public List<ItemStatus> itemStatuses = new ArrayList<>();
    public List<ExchangeStep> exchange = new ArrayList<>();
    public Instant updatedAt;
    public long lastSequence = -1;

    static String id(String jobId, String deviceId) {
        return jobId + "/" + deviceId;
    }
}

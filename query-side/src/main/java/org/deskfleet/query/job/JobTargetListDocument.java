package org.deskfleet.query.job;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.util.ArrayList;
import java.util.List;

/**
 * A job's target device ids in the order given, written once: the details page reads its targets in order
 * by primary key, and the job summary stays small for the updates every target's result makes.
 */
@Document("#{@readModels.name('job_target_lists')}")
public class JobTargetListDocument {
    @Id
    public String jobId;
    public List<String> deviceIds = new ArrayList<>();
}

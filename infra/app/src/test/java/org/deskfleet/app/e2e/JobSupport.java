package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.deskfleet.kernel.DeviceId;
import org.deskfleet.kernel.job.JobStatus;
import org.deskfleet.simulator.SimulatedPhone;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What job tests share: a job with all its targets over GraphQL, and waiting for it to end. */
abstract class JobSupport extends EndToEndSupport {

    /** Jobs wait for phones and deadlines: a longer wait than projections need. */
    static final Duration JOB_WAIT = Duration.ofSeconds(60);

    String create(String mutation, Map<String, Object> variables, String field) {
        return graphql.data(mutation, variables).get(field).get("jobId").asText();
    }

    JsonNode job(String jobId) {
        return graphql.data("""
                query($id: ID!) { job(id: $id, targetsFirst: 1000) { id type state summary startedAt completedAt
                  counts { total pending succeeded partial failed timedOut }
                  targets { deviceId e164 deviceType state phase detail attempts awaitingStartUp itemStatuses { name index status }
                    exchange { action items reply } } } }
                """, Map.of("id", jobId)).get("job");
    }

    JsonNode awaitJobEnded(String jobId) {
        return await(() -> job(jobId), j -> !j.isNull() && JobStatus.valueOf(j.get("state").asText()).terminal(),
                "job " + jobId + " to end", JOB_WAIT);
    }

    static JsonNode target(JsonNode job, int i) {
        return job.get("targets").get(i);
    }

    static Map<String, JsonNode> targets(JsonNode job) {
        Map<String, JsonNode> m = new HashMap<>();
        job.get("targets").forEach(t -> m.put(t.get("deviceId").asText(), t));
        return m;
    }

    static List<String> macs(List<SimulatedPhone> phones) {
        return phones.stream().map(SimulatedPhone::mac).toList();
    }

    static String id(String mac) {
        return DeviceId.parse(mac).value();
    }
}

package org.deskfleet.wpi.server.work;

import java.util.List;

/**
 * What follows a job's checkpoint step once the phone accepted it: more steps for the phone (sent in the same
 * interaction), or the job ends {@code FAILED} with {@code failure} as its detail and nothing more is sent.
 */
public record JobCheckpoint(List<DeviceJob.Step> then, String failure) {

    public static final JobCheckpoint GO_ON = new JobCheckpoint(List.of(), null);

    public JobCheckpoint {
        then = then == null ? List.of() : List.copyOf(then);
    }

    public static JobCheckpoint then(List<DeviceJob.Step> steps) {
        return new JobCheckpoint(steps, null);
    }

    public static JobCheckpoint failed(String why) {
        return new JobCheckpoint(List.of(), why);
    }
}

package org.deskfleet.command.job;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.deskfleet.kernel.client.ApplyJobConfiguration;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.command.secret.SecretCipher;
import org.deskfleet.kernel.job.JobCreated;
import org.deskfleet.kernel.job.JobTargetsAdded;
import org.deskfleet.kernel.job.JobSpec;
import org.deskfleet.kernel.job.JobTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * A configuration job's values become the desired values of each target client, with the job as the
 * correlation of every audit entry. Side effects once: this policy may see a job again (a crash before its
 * position was stored, a lost or reset token replays from the start). It does not try to remember what it
 * sent; the Client refuses stale work instead ({@link ApplyJobConfiguration}): a slot changed after the job
 * was created keeps its newer value, and the same values again change nothing. The job's delivery to the
 * phones is not this policy's business (the pending-jobs index, whose own replay is idempotent).
 */
@Component
@ProcessingGroup(ConfigurationJobPolicy.NAME)
public class ConfigurationJobPolicy implements org.springframework.beans.factory.DisposableBean {

    public static final String NAME = "job-configuration-policy";
    private static final Logger log = LoggerFactory.getLogger(ConfigurationJobPolicy.class);
    private static final int IN_FLIGHT = 8;
    private final java.util.concurrent.ExecutorService fanout = java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "job-fanout");
        t.setDaemon(true);
        return t;
    });

    private final CommandGateway commands;
    private final SecretCipher cipher;

    public ConfigurationJobPolicy(CommandGateway commands, SecretCipher cipher) {
        this.commands = commands;
        this.cipher = cipher;
    }

    @EventHandler
    void on(JobCreated e) {
        desired(e.jobId(), e.spec(), e.targets(), e.initiator(), e.reason(), e.at());
    }

    /** The further targets of a job of many (listed in parts): the same, for these. */
    @EventHandler
    void on(JobTargetsAdded e) {
        desired(e.jobId(), e.spec(), e.targets(), e.initiator(), e.reason(), e.at());
    }

    private void desired(String jobId, JobSpec spec, List<JobTarget> targets, String initiator, String reason, java.time.Instant at) {
        // Template and group jobs only bring their layer's values to the phone: no client values.
        if (!(spec instanceof JobSpec.Configure configure) || !configure.clientValues()) {
            return;
        }
        // Clear only in memory, on its way to the client, which encrypts it under its own data key.
        List<ParameterValue> values = configure.changes().stream()
                .map(v -> SecretCipher.isCiphertext(v.value())
                        ? new ParameterValue(v.parameter(), v.index(), cipher.decrypt(JobSpec.Configure.secretKeyOf(jobId), v.value())) : v)
                .toList();
        // Each command on a thread of its own, in a unit of work of its own: sent from this handler's unit of
        // work, every client's lock would be held until the whole fan-out ends, and phones calling in would wait.
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(IN_FLIGHT);
        List<java.util.concurrent.CompletableFuture<?>> sent = new java.util.ArrayList<>(targets.size());
        for (JobTarget t : targets) {
            inFlight.acquireUninterruptibly();
            sent.add(java.util.concurrent.CompletableFuture.runAsync(() -> commands.sendAndWait(new ApplyJobConfiguration(
                    t.deviceId(), values, initiator, reason, jobId, at)), fanout)
                    .whenComplete((r, ex) -> {
                        inFlight.release();
                        if (ex != null) {
                            // The job validated the values for this kind of phone; a client changed since is told in the log.
                            log.warn("job {}: desired values of {} not recorded: {}", jobId, t.deviceId(), ex.getMessage());
                        }
                    }));
        }
        sent.forEach(f -> f.handle((r, ex) -> null).join());
    }

    @Override
    public void destroy() {
        fanout.shutdownNow();
    }
}

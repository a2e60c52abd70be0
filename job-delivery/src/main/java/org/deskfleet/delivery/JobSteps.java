package org.deskfleet.delivery;

import org.deskfleet.kernel.InvalidInput;

import org.deskfleet.wpi.server.work.ParameterItems;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.delivery.secret.SecretCipher;
import org.deskfleet.kernel.job.DeliveryPlan;
import org.deskfleet.kernel.job.JobSpec;
import org.deskfleet.wpi.codec.WpiItem;
import org.deskfleet.wpi.server.work.DeviceJob;
import org.deskfleet.wpi.server.work.Steps;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a job's spec into WPI action steps for one phone (wpi-delivery-notes §3, §5): what to send, and
 * what to read back to verify. Secret values are decrypted here, just before they go on the wire.
 */
public final class JobSteps {

    private final ParameterItems items;
    private final SecretCipher cipher;

    public JobSteps(ParameterItems items, SecretCipher cipher) {
        this.items = items;
        this.cipher = cipher;
    }

    /**
     * The job's plan, step by step, in WPI actions (the plan, not the job type, says what is sent).
     *
     * @throws UndeliverableJobException when the job cannot be expressed for phones
     */
    public DeviceJob steps(String jobId, JobSpec spec) {
        try {
            List<DeviceJob.Step> out = new ArrayList<>();
            for (DeliveryPlan.Step step : spec.plan().steps()) {
                switch (step) {
                    case DeliveryPlan.Step.WriteAndReadBack w -> out.addAll(configure(jobId, w.changes()));
                    case DeliveryPlan.Step.ReadAllItems r -> out.add(Steps.readAllItems());
                    case DeliveryPlan.Step.Restart r -> out.add(Steps.restart());
                    case DeliveryPlan.Step.FactoryReset f -> out.add(Steps.factoryReset());
                    case DeliveryPlan.Step.DeployFile f -> out.add(Steps.deployFile(file(f.file())));
                    case DeliveryPlan.Step.DeployFiles f ->
                            out.add(Steps.deployFiles(f.files().stream().map(JobSteps::file).toList(), List.of()));
                    case DeliveryPlan.Step.MobileUserLogon l -> out.add(MobilityJobSteps.logonStart());
                    case DeliveryPlan.Step.MobileUserLogoff l -> out.add(MobilityJobSteps.logoffStart());
                    case DeliveryPlan.Step.DeploySoftware s -> out.add(Steps.deploySoftware(URI.create(s.url()),
                            s.softwareType() == null ? "" : s.softwareType(), s.version(),
                            s.immediate() ? Steps.Priority.IMMEDIATE : Steps.Priority.NORMAL));
                }
            }
            return new DeviceJob(jobId, out);
        } catch (IllegalArgumentException e) {
            throw new UndeliverableJobException(e.getMessage());
        }
    }

    /** The items written and then read back; secrets are not read back (phones do not show them). */
    private List<DeviceJob.Step> configure(String jobId, List<ParameterValue> changes) {
        List<WpiItem> write = new ArrayList<>();
        List<String> readBack = new ArrayList<>();
        List<String> unmapped = new ArrayList<>();
        for (ParameterValue v : changes) {
            String value = v.value() == null ? "" : v.value();
            boolean secret = SecretCipher.isCiphertext(value);
            if (secret) {
                value = cipher.decrypt(JobSpec.Configure.secretKeyOf(jobId), value);
            }
            List<ParameterItems.Item> mapped = items.items(v.parameter(), v.index(), value);
            if (mapped.isEmpty()) {
                unmapped.add(v.parameter());
                continue;
            }
            for (ParameterItems.Item i : mapped) {
                String coded = i.value() == null ? "" : i.value();
                write.add(i.index() == null ? WpiItem.of(i.name(), coded) : WpiItem.indexed(i.name(), i.index(), coded));
                if (!secret) {
                    readBack.add(org.deskfleet.kernel.ItemKeys.key(i.name(), i.index()));
                }
            }
        }
        if (!unmapped.isEmpty()) {
            throw new UndeliverableJobException("no WPI item is known for " + String.join(", ", unmapped)
                    + ": not deliverable to phones");
        }
        List<DeviceJob.Step> steps = new ArrayList<>();
        steps.add(Steps.writeItems(write));
        if (!readBack.isEmpty()) {
            steps.add(Steps.readItems(readBack));
        }
        return steps;
    }

    private static Steps.FileSpec file(JobSpec.FileRef f) {
        Steps.FileType type;
        try {
            type = Steps.FileType.valueOf(f.fileType().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("unknown file type " + f.fileType() + "; one of "
                    + java.util.Arrays.toString(Steps.FileType.values()));
        }
        return new Steps.FileSpec(type, URI.create(f.url()), f.name() == null ? "" : f.name());
    }
}

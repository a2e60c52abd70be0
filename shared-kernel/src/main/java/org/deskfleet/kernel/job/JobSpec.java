package org.deskfleet.kernel.job;

import org.deskfleet.kernel.InvalidInput;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.deskfleet.kernel.configuration.ParameterValue;

import java.util.List;
import java.util.Objects;

/**
 * What a job does on each target (OSEM chapter 12, client actions of §4.5). One record per job type, each
 * declaring its {@link DeliveryPlan} (steps and completion rule) in {@link #plan()}: a new type (secure mode,
 * mobile user logon) is one more record here, with its plan. Secret values in {@link Configure} are
 * encrypted under the job's own data key.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = JobSpec.Configure.class, name = "CONFIGURATION"),
        @JsonSubTypes.Type(value = JobSpec.RefreshData.class, name = "REFRESH_DATA"),
        @JsonSubTypes.Type(value = JobSpec.Restart.class, name = "RESTART"),
        @JsonSubTypes.Type(value = JobSpec.FactoryReset.class, name = "FACTORY_RESET"),
        @JsonSubTypes.Type(value = JobSpec.DeployFiles.class, name = "FILE_DEPLOYMENT"),
        @JsonSubTypes.Type(value = JobSpec.DeploySoftware.class, name = "SOFTWARE_DEPLOYMENT"),
        @JsonSubTypes.Type(value = JobSpec.MobileUserLogon.class, name = "MOBILE_USER_LOGON"),
        @JsonSubTypes.Type(value = JobSpec.MobileUserLogoff.class, name = "MOBILE_USER_LOGOFF")})
public sealed interface JobSpec {

    JobType type();

    /** How this job is brought to a phone and when a target is done: the one place a job type says so. */
    DeliveryPlan plan();

    /**
     * Deliver desired parameter values; written, then read back to verify.
     *
     * @param layer who owns the values: null (or {@code CLIENT}) when they become the target's own desired
     *              values; otherwise a layer that holds them already (e.g. {@code TEMPLATE <id>}, {@code GROUP <id>}),
     *              whose job only brings them to the phone: recorded as the client's own values they would
     *              shadow every later change of that template or group
     */
    record Configure(List<ParameterValue> changes, String layer) implements JobSpec {

        public Configure(List<ParameterValue> changes) {
            this(changes, null);
        }

        /** Whether the values become the targets' own (CLIENT layer) desired values. */
        public boolean clientValues() {
            return layer == null || layer.equals("CLIENT");
        }

        /** The data key a job's secret values are encrypted under (shredded with the job). */
        public static String secretKeyOf(String jobId) {
            return "job:" + jobId;
        }

        public Configure {
            if (changes == null || changes.isEmpty()) {
                throw new InvalidInput("a configuration job needs at least one change");
            }
            changes = List.copyOf(changes);
        }

        @Override
        public JobType type() {
            return JobType.CONFIGURATION;
        }

        @Override
        public DeliveryPlan plan() {
            return DeliveryPlan.of(DeliveryPlan.Completion.WHEN_ANSWERED, new DeliveryPlan.Step.WriteAndReadBack(changes));
        }
    }

    /** OSEM "Refresh data": read every item again. */
    record RefreshData() implements JobSpec {
        @Override
        public JobType type() {
            return JobType.REFRESH_DATA;
        }

        @Override
        public DeliveryPlan plan() {
            return DeliveryPlan.of(DeliveryPlan.Completion.WHEN_ANSWERED, new DeliveryPlan.Step.ReadAllItems());
        }
    }

    record Restart() implements JobSpec {
        @Override
        public JobType type() {
            return JobType.RESTART;
        }

        @Override
        public DeliveryPlan plan() {
            return DeliveryPlan.of(DeliveryPlan.Completion.AT_NEXT_START_UP, new DeliveryPlan.Step.Restart());
        }
    }

    /** OSEM §4.5.7: reset to factory defaults, optionally keeping the phone's certificates. */
    record FactoryReset(boolean keepCertificates) implements JobSpec {
        @Override
        public JobType type() {
            return JobType.FACTORY_RESET;
        }

        @Override
        public DeliveryPlan plan() {
            return DeliveryPlan.of(DeliveryPlan.Completion.AT_NEXT_START_UP, new DeliveryPlan.Step.FactoryReset(keepCertificates));
        }
    }

    /** Files by HTTPS URL; one file is confirmed by the phone's status message, several by reading back. */
    record DeployFiles(List<FileRef> files) implements JobSpec {
        public DeployFiles {
            if (files == null || files.isEmpty()) {
                throw new InvalidInput("a file deployment needs at least one file");
            }
            files = List.copyOf(files);
        }

        @Override
        public JobType type() {
            return JobType.FILE_DEPLOYMENT;
        }

        /** One file is confirmed by the phone's status; several send none, so everything is read back. */
        @Override
        public DeliveryPlan plan() {
            return files.size() == 1
                    ? DeliveryPlan.of(DeliveryPlan.Completion.WHEN_ANSWERED, new DeliveryPlan.Step.DeployFile(files.get(0)))
                    : DeliveryPlan.of(DeliveryPlan.Completion.WHEN_ANSWERED, new DeliveryPlan.Step.DeployFiles(files),
                    new DeliveryPlan.Step.ReadAllItems());
        }
    }

    /** Firmware; done only when the rebooted phone reports {@code version}. */
    record DeploySoftware(String url, String softwareType, String version, boolean immediate) implements JobSpec {
        public DeploySoftware {
            Objects.requireNonNull(url, "software image URL");
            Objects.requireNonNull(version, "target software version");
        }

        @Override
        public JobType type() {
            return JobType.SOFTWARE_DEPLOYMENT;
        }

        @Override
        public DeliveryPlan plan() {
            return DeliveryPlan.of(DeliveryPlan.Completion.atStartUpWithVersion(version),
                    new DeliveryPlan.Step.DeploySoftware(url, softwareType, version, immediate));
        }
    }

    /**
     * Log a mobile user on at the target phone (OSEM §5.4.1): the phone's mobility state is read, the user's
     * number and values are written, and only once the phone accepted them is the user recorded logged on
     * there (source ADMIN, the job as correlation). The user's values are taken when the job is delivered, not
     * when it is created, so a planned logon brings what the user has then. {@code actor}: who asked (the
     * operator, or {@code system}), named in the user's history.
     */
    record MobileUserLogon(String e164, String actor) implements JobSpec {
        public MobileUserLogon {
            if (e164 == null || e164.isBlank()) {
                throw new InvalidInput("a mobile user logon job needs the user's number");
            }
        }

        @Override
        public JobType type() {
            return JobType.MOBILE_USER_LOGON;
        }

        @Override
        public DeliveryPlan plan() {
            return DeliveryPlan.of(DeliveryPlan.Completion.WHEN_ANSWERED, new DeliveryPlan.Step.MobileUserLogon(e164, actor));
        }
    }

    /**
     * Log a mobile user off at the target phone: the phone's user-data files are read and stored as the user's
     * profile together with the logoff (one command), then the phone gets its own number and values back.
     */
    record MobileUserLogoff(String e164, String actor) implements JobSpec {
        public MobileUserLogoff {
            if (e164 == null || e164.isBlank()) {
                throw new InvalidInput("a mobile user logoff job needs the user's number");
            }
        }

        @Override
        public JobType type() {
            return JobType.MOBILE_USER_LOGOFF;
        }

        @Override
        public DeliveryPlan plan() {
            return DeliveryPlan.of(DeliveryPlan.Completion.WHEN_ANSWERED, new DeliveryPlan.Step.MobileUserLogoff(e164, actor));
        }
    }

    /** One file: its WPI file type (MOH, PIC, LDAP, LOGO, SCREENSAVER, RINGTONE, DONGLE), URL and name. */
    record FileRef(String fileType, String url, String name) {
        public FileRef {
            Objects.requireNonNull(fileType, "file type");
            Objects.requireNonNull(url, "file URL");
        }
    }
}

package org.deskfleet.kernel.job;

import org.deskfleet.kernel.configuration.ParameterValue;

import java.util.List;
import java.util.Objects;

/**
 * How one job type is brought to a phone and when a target of it is done, declared once per job type by
 * {@link JobSpec#plan()}. The engine (the Job's decisions, the WPI steps, delivery) asks the plan and never
 * the job type: a new job type is a new {@link JobSpec} record with its plan, built from these steps and
 * completion rules.
 *
 * @param steps      what is said to the phone, in order, within one interaction
 * @param completion when a target that the phone took counts as done
 */
public record DeliveryPlan(List<Step> steps, Completion completion) {

    public DeliveryPlan {
        if (steps == null || steps.isEmpty()) {
            throw new IllegalArgumentException("a delivery plan needs at least one step");
        }
        steps = List.copyOf(steps);
        Objects.requireNonNull(completion, "completion rule");
    }

    public static DeliveryPlan of(Completion completion, Step... steps) {
        return new DeliveryPlan(List.of(steps), completion);
    }

    /**
     * Whether a target whose phone answered {@code outcome} now waits for the phone's next start-up rather
     * than ending: only when the rule says so and the phone took the job (a failure or a partial answer ends
     * the target at once whatever the rule).
     */
    public boolean awaitsStartUpAfter(TargetResult.Outcome outcome) {
        return completion.awaitsStartUp()
                && (outcome == TargetResult.Outcome.ACCEPTED || outcome == TargetResult.Outcome.DELIVERED);
    }

    /** One kind of exchange with the phone; the WPI adapter says each in its own actions. */
    public sealed interface Step {

        /** Write the values, then read back the ones phones show (secrets are not read back). */
        record WriteAndReadBack(List<ParameterValue> changes) implements Step {
            public WriteAndReadBack {
                changes = List.copyOf(changes);
            }
        }

        /** Read every item of the phone. */
        record ReadAllItems() implements Step {
        }

        /** Restart the phone; it answers nothing and starts up again. */
        record Restart() implements Step {
        }

        /** Reset the phone to factory defaults; it starts up again as if new. */
        record FactoryReset(boolean keepCertificates) implements Step {
        }

        /** One file by HTTPS URL; the phone confirms it with a status message. */
        record DeployFile(JobSpec.FileRef file) implements Step {
        }

        /** Several files at once; the phone sends no status for them (read the items back to see them). */
        record DeployFiles(List<JobSpec.FileRef> files) implements Step {
            public DeployFiles {
                files = List.copyOf(files);
            }
        }

        /**
         * A mobile user's logon: the phone's mobility state is read first, then the user's number and values
         * are written; what is written depends on what was read and on the user at that moment.
         */
        record MobileUserLogon(String e164, String actor) implements Step {
        }

        /** A mobile user's logoff: the user-data files are read, then the phone's own values are written back. */
        record MobileUserLogoff(String e164, String actor) implements Step {
        }

        /** A firmware image; the phone installs it and restarts. */
        record DeploySoftware(String url, String softwareType, String version, boolean immediate) implements Step {
        }
    }

    /** When a target is done. */
    public sealed interface Completion {

        /** Done when the phone answers the steps: accepted, partially accepted or failed. */
        Completion WHEN_ANSWERED = new WhenAnswered();
        /** Done at the phone's next start-up (it restarts). */
        Completion AT_NEXT_START_UP = new AtNextStartUp();

        /** Done at the phone's next start-up if it reports {@code version} then, failed otherwise. */
        static Completion atStartUpWithVersion(String version) {
            return new AtStartUpWithVersion(version);
        }

        /** Whether a target the phone took waits for its next start-up. */
        boolean awaitsStartUp();

        /** What the phone's start-up, reporting {@code softwareVersion}, makes of a target waiting for it. */
        Verdict atStartUp(String softwareVersion);

        record WhenAnswered() implements Completion {
            @Override
            public boolean awaitsStartUp() {
                return false;
            }

            @Override
            public Verdict atStartUp(String softwareVersion) {
                // Never waits for one; should a start-up be told anyway, the phone is back.
                return new Verdict(JobStatus.SUCCESS, "phone started up again");
            }
        }

        record AtNextStartUp() implements Completion {
            @Override
            public boolean awaitsStartUp() {
                return true;
            }

            @Override
            public Verdict atStartUp(String softwareVersion) {
                return new Verdict(JobStatus.SUCCESS, "phone started up again");
            }
        }

        record AtStartUpWithVersion(String version) implements Completion {
            public AtStartUpWithVersion {
                Objects.requireNonNull(version, "target software version");
            }

            @Override
            public boolean awaitsStartUp() {
                return true;
            }

            /** Versions compare without case and surrounding blanks (phones report them as they like). */
            @Override
            public Verdict atStartUp(String softwareVersion) {
                boolean installed = version.strip().equalsIgnoreCase(softwareVersion == null ? "" : softwareVersion.strip());
                return installed ? new Verdict(JobStatus.SUCCESS, "phone started up with " + version)
                        : new Verdict(JobStatus.FAILED, "phone started up with " + softwareVersion + ", not " + version);
            }
        }
    }

    /** How a target ends: its state and a sentence for the operator. */
    public record Verdict(JobStatus status, String detail) {
    }
}

package org.deskfleet.delivery;

import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.kernel.job.DeliveryPlan;
import org.deskfleet.kernel.mobility.LogOffMobileUser;
import org.deskfleet.kernel.mobility.LogOnMobileUser;
import org.deskfleet.kernel.mobility.LogonGrant;
import org.deskfleet.kernel.mobility.PrepareMobileUserLogon;
import org.deskfleet.kernel.mobility.ProfileItem;
import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.WpiItem;
import org.deskfleet.wpi.server.mobility.LogonGrants;
import org.deskfleet.wpi.server.mobility.MobilityPort;
import org.deskfleet.wpi.server.work.DeviceJob;
import org.deskfleet.wpi.server.work.JobCheckpoint;
import org.deskfleet.wpi.server.work.ParameterItems;
import org.deskfleet.wpi.server.work.Steps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A mobile user's logon and logoff as a job's WPI steps (docs/mobility.md, "Operator actions"): the same
 * exchange the phone-initiated flow has, started by the server. Each job opens with a read (a checkpoint);
 * what the phone answered decides what follows, and the user's state changes only once the phone took it:
 * <ul>
 *   <li>logon: read {@code mobility-enabled}; write {@code e164}, {@code sip-mobility-state} 0 and the user's
 *       values (a checkpoint); once accepted, the user is recorded logged on there (source ADMIN, the job as
 *       correlation), and the number and state are read back;</li>
 *   <li>logoff: read the {@code userdata-*} files; store them and log the user off in one command; write the
 *       phone's own number and values back with {@code sip-mobility-state} 1, and read them back.</li>
 * </ul>
 * Whatever refuses (the phone, or the user's state when the job is delivered: deleted, moved, already off)
 * ends the target FAILED with the reason, and the user stays as before.
 */
public final class MobilityJobSteps {

    private static final Logger log = LoggerFactory.getLogger(MobilityJobSteps.class);
    static final String MOBILITY_ENABLED = "mobility-enabled";
    static final String STATE = "sip-mobility-state";
    static final String E164 = "e164";
    static final String BASIC_E164 = "basic-e164";
    /** The actor of the forced logoff's jobs. */
    public static final String SYSTEM = "system";

    private final MobilityPort port;
    private final ParameterItems items;
    private final Clock clock;
    private final LogonGrants grants;

    public MobilityJobSteps(MobilityPort port, ParameterItems items, Clock clock) {
        this(port, items, clock, new LogonGrants());
    }

    /** @param grants shared with the phone-initiated flow: the phone asks it for the user's files after a logon */
    public MobilityJobSteps(MobilityPort port, ParameterItems items, Clock clock, LogonGrants grants) {
        this.grants = grants;
        this.port = port;
        this.items = items;
        this.clock = clock;
    }

    /** What a logon job sends first: what the phone says of its mobility. */
    static DeviceJob.Step logonStart() {
        return Steps.readItems(List.of(MOBILITY_ENABLED, STATE)).asCheckpoint();
    }

    /** What a logoff job sends first: the user's files at the phone, and the phone's own number. */
    static DeviceJob.Step logoffStart() {
        List<String> read = new ArrayList<>();
        ProfileItem.NAMES.stream().sorted().forEach(n -> read.add(n + "#1"));
        read.add(BASIC_E164);
        read.add(STATE);
        return Steps.readItems(read).asCheckpoint();
    }

    /** What follows a checkpoint of a mobility job; never fails (a problem is a failed target, with why). */
    public CompletableFuture<JobCheckpoint> checkpoint(String jobId, String deviceId, DeliveryPlan plan, Action action,
                                                       List<WpiItem> answered) {
        CompletableFuture<JobCheckpoint> next;
        try {
            Optional<DeliveryPlan.Step> step = plan.steps().stream()
                    .filter(s -> s instanceof DeliveryPlan.Step.MobileUserLogon || s instanceof DeliveryPlan.Step.MobileUserLogoff)
                    .findFirst();
            if (step.isEmpty()) {
                return CompletableFuture.completedFuture(JobCheckpoint.GO_ON);
            }
            next = switch (step.get()) {
                case DeliveryPlan.Step.MobileUserLogon on when action == Action.READ_ITEMS -> prepareLogon(on, deviceId, answered);
                case DeliveryPlan.Step.MobileUserLogon on -> recordLogon(jobId, on, deviceId, answered);
                case DeliveryPlan.Step.MobileUserLogoff off -> logoff(jobId, off, deviceId, answered);
                default -> CompletableFuture.completedFuture(JobCheckpoint.GO_ON);
            };
        } catch (RuntimeException e) {
            next = CompletableFuture.failedFuture(e);
        }
        return next.exceptionally(e -> {
            Throwable c = cause(e);
            log.warn("mobility job {} at {}: {}", jobId, deviceId, c.getMessage());
            return JobCheckpoint.failed(c.getMessage() + "; the user's state is unchanged");
        });
    }

    // ------------------------------------------------------------ logon

    private CompletableFuture<JobCheckpoint> prepareLogon(DeliveryPlan.Step.MobileUserLogon on, String deviceId,
                                                          List<WpiItem> answered) {
        String enabled = value(answered, MOBILITY_ENABLED).orElse("");
        if (!enabled.strip().equalsIgnoreCase("true")) {
            return CompletableFuture.completedFuture(JobCheckpoint.failed("mobility is not enabled at the phone (it reports "
                    + MOBILITY_ENABLED + " " + (enabled.isBlank() ? "nothing" : enabled) + "); user " + on.e164()
                    + " is not logged on there"));
        }
        // Checked again now: the user may have been deleted or logged on elsewhere since the job was created.
        return port.prepare(new PrepareMobileUserLogon(on.e164(), deviceId)).thenApply(grant -> {
            List<WpiItem> write = new ArrayList<>();
            write.add(WpiItem.of(E164, grant.e164()));
            write.add(WpiItem.of(STATE, "0"));
            write.addAll(settingItems(grant.settings()));
            return JobCheckpoint.then(List.of(Steps.writeItems(write).asCheckpoint()));
        });
    }

    /** The phone took the user's number and values: only now is the user logged on there. */
    private CompletableFuture<JobCheckpoint> recordLogon(String jobId, DeliveryPlan.Step.MobileUserLogon on, String deviceId,
                                                         List<WpiItem> refused) {
        List<String> essential = refused.stream().map(WpiItem::name).filter(n -> n.equals(E164) || n.equals(STATE)).toList();
        if (!essential.isEmpty()) {
            return CompletableFuture.completedFuture(JobCheckpoint.failed("the phone refused " + String.join(", ", essential)
                    + "; user " + on.e164() + " is not logged on there"));
        }
        Instant now = clock.instant();
        return port.forcedLogoffSeconds()
                .thenCompose(seconds -> port.logon(new LogOnMobileUser(on.e164(), deviceId, null, ChangeSource.ADMIN,
                        actor(on.actor()), "logon job " + jobId, now, seconds, jobId)))
                .thenApply(grant -> {
                    grants.granted(deviceId, grant);
                    log.info("mobile user {} logged on at {} by job {}", on.e164(), deviceId, jobId);
                    // Read back (not a checkpoint): the phone's answer is recorded on the client like any read,
                    // so its items show the user's number and state without waiting for the phone's next report.
                    return JobCheckpoint.then(List.of(Steps.readItems(List.of(E164, STATE))));
                });
    }

    // ------------------------------------------------------------ logoff

    /** Profile stored and the user logged off in one command; only then does the phone get its own values back. */
    private CompletableFuture<JobCheckpoint> logoff(String jobId, DeliveryPlan.Step.MobileUserLogoff off, String deviceId,
                                                    List<WpiItem> answered) {
        List<ProfileItem> profile = new ArrayList<>();
        for (WpiItem i : answered) {
            if (!i.name().startsWith("userdata-") || (i.status() != null && !i.status().isBlank())
                    || i.value() == null || i.value().isEmpty()) {
                continue;  // not a file, or the phone has no such file
            }
            try {
                profile.add(new ProfileItem(i.name(), i.value()));
            } catch (IllegalArgumentException e) {
                return CompletableFuture.completedFuture(JobCheckpoint.failed("user data refused: " + e.getMessage()
                        + "; user " + off.e164() + " stays logged on and the profile unchanged"));
            }
        }
        Optional<String> basic = value(answered, BASIC_E164).filter(v -> !v.isBlank());
        Instant now = clock.instant();
        // The forced logoff of the system settings is the system's doing, an operator's the operator's.
        ChangeSource source = SYSTEM.equals(off.actor()) ? ChangeSource.SYSTEM : ChangeSource.ADMIN;
        boolean phoneShowsAUser = value(answered, STATE).map(String::strip).filter("0"::equals).isPresent();
        return port.logoff(new LogOffMobileUser(off.e164(), deviceId, profile, source, actor(off.actor()),
                        "logoff job " + jobId, now, jobId))
                .handle((v, e) -> e)
                .thenCompose(refused -> {
                    if (refused == null) {
                        grants.loggedOff(deviceId);
                        log.info("mobile user {} logged off at {} by job {}; {} user-data files stored", off.e164(), deviceId,
                                jobId, profile.size());
                        return writeBack(off.e164(), deviceId, basic);
                    }
                    // Served again after the phone was busy at the last write: the user is logged off already, the
                    // phone still shows the user. With no one logged on there, it only gets its own values back.
                    if (!phoneShowsAUser) {
                        return CompletableFuture.failedFuture(refused);
                    }
                    return port.userAt(deviceId).thenCompose(user -> {
                        if (user.isPresent()) {
                            return CompletableFuture.<JobCheckpoint>failedFuture(refused);
                        }
                        log.info("mobile user {} was logged off at {} already; job {} gives the phone its own values back",
                                off.e164(), deviceId, jobId);
                        return writeBack(off.e164(), deviceId, basic);
                    });
                });
    }

    /** The phone's own number and values back, {@code sip-mobility-state} 1: what the user had set is undone. */
    private CompletableFuture<JobCheckpoint> writeBack(String e164, String deviceId, Optional<String> basic) {
        // The user's parameters: what the phone's own values must replace (none known: number and state only).
        return port.prepare(new PrepareMobileUserLogon(e164, deviceId))
                .thenApply(grant -> grant.settings().stream().map(ParameterValue::slot).toList())
                .exceptionally(e -> List.of())
                .thenCompose(slots -> slots.isEmpty() ? CompletableFuture.completedFuture(Map.<String, String>of())
                        : port.ownValues(deviceId, slots))
                .thenApply(own -> {
                    List<WpiItem> write = new ArrayList<>();
                    basic.ifPresent(b -> write.add(WpiItem.of(E164, b)));
                    write.add(WpiItem.of(STATE, "1"));
                    own.forEach((slot, value) -> {
                        int hash = slot.indexOf('#');
                        write.addAll(coded(hash < 0 ? slot : slot.substring(0, hash),
                                hash < 0 ? null : Integer.valueOf(slot.substring(hash + 1)), value));
                    });
                    // Read back, as after the logon: the client's record shows the phone's own values again.
                    return JobCheckpoint.then(List.of(Steps.writeItems(write),
                            Steps.readItems(write.stream().map(WpiItem::key).toList())));
                });
    }

    // ------------------------------------------------------------ helpers

    private List<WpiItem> settingItems(List<ParameterValue> settings) {
        List<WpiItem> out = new ArrayList<>();
        for (ParameterValue v : settings) {
            out.addAll(coded(v.parameter(), v.index(), v.value() == null ? "" : v.value()));
        }
        return out;
    }

    /** A value as the phone codes it (the catalog's WPI mapping). */
    private List<WpiItem> coded(String parameter, Integer index, String value) {
        List<WpiItem> out = new ArrayList<>();
        for (ParameterItems.Item i : items.items(parameter, index, value)) {
            String v = i.value() == null ? "" : i.value();
            out.add(i.index() == null ? WpiItem.of(i.name(), v) : WpiItem.indexed(i.name(), i.index(), v));
        }
        return out;
    }

    private static Optional<String> value(List<WpiItem> answered, String name) {
        return answered.stream().filter(i -> i.name().equals(name) && (i.status() == null || i.status().isBlank()))
                .map(WpiItem::value).filter(java.util.Objects::nonNull).findFirst();
    }

    private static String actor(String actor) {
        return actor == null || actor.isBlank() ? "operator" : actor;
    }

    private static Throwable cause(Throwable e) {
        Throwable c = e;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof org.axonframework.commandhandling.CommandExecutionException cee && cee.getCause() != null) {
            return cee.getCause();
        }
        return c;
    }

}

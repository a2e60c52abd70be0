package org.deskfleet.delivery;

import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.Conflict;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.kernel.job.JobSpec;
import org.deskfleet.kernel.mobility.ChangeMobileUserConfiguration;
import org.deskfleet.kernel.mobility.LogOffMobileUser;
import org.deskfleet.kernel.mobility.LogOnMobileUser;
import org.deskfleet.kernel.mobility.LogonGrant;
import org.deskfleet.kernel.mobility.MobileUserView;
import org.deskfleet.kernel.mobility.PrepareMobileUserLogon;
import org.deskfleet.kernel.mobility.ProfileItem;
import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.WpiItem;
import org.deskfleet.wpi.server.mobility.MobilityPort;
import org.deskfleet.wpi.server.work.DeviceJob;
import org.deskfleet.wpi.server.work.JobCheckpoint;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** A mobile user's logon and logoff jobs, checkpoint by checkpoint, against a recording port. */
class MobilityJobStepsTest {

    private static final String USER = "4989700712345";
    private static final String PHONE = "001ae8000001";
    private static final String DND = "mobile-user.call-handling.do-not-disturb-enabled";
    private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

    private final List<Object> commands = new ArrayList<>();
    private RuntimeException prepareFails;
    private RuntimeException logoffFails;
    private MobileUserView userThere;

    private final MobilityPort port = new MobilityPort() {
        public CompletableFuture<LogonGrant> logon(LogOnMobileUser c) {
            commands.add(c);
            return CompletableFuture.completedFuture(new LogonGrant(c.e164(), c.deviceId(), List.of(), List.of()));
        }

        public CompletableFuture<Void> logoff(LogOffMobileUser c) {
            if (logoffFails != null) {
                return CompletableFuture.failedFuture(logoffFails);
            }
            commands.add(c);
            return CompletableFuture.completedFuture(null);
        }

        public CompletableFuture<LogonGrant> prepare(PrepareMobileUserLogon c) {
            if (prepareFails != null) {
                return CompletableFuture.failedFuture(prepareFails);
            }
            return CompletableFuture.completedFuture(new LogonGrant(c.e164(), c.deviceId(),
                    List.of(new ParameterValue(DND, null, "True")), List.of()));
        }

        public CompletableFuture<Void> change(ChangeMobileUserConfiguration c) {
            return CompletableFuture.completedFuture(null);
        }

        public CompletableFuture<Optional<MobileUserView>> userAt(String deviceId) {
            return CompletableFuture.completedFuture(Optional.ofNullable(userThere));
        }

        public CompletableFuture<List<ProfileItem>> profile(String e164) {
            return CompletableFuture.completedFuture(List.of());
        }

        public CompletableFuture<Map<String, String>> ownValues(String deviceId, List<String> slots) {
            return CompletableFuture.completedFuture(slots.contains(DND) ? Map.of(DND, "False") : Map.of());
        }

        public CompletableFuture<Long> forcedLogoffSeconds() {
            return CompletableFuture.completedFuture(600L);
        }
    };

    private final MobilityJobSteps steps = new MobilityJobSteps(port,
            (key, index, value) -> key.equals(DND) ? List.of(new org.deskfleet.wpi.server.work.ParameterItems.Item("call-dnd-enabled", null,
                    value.toLowerCase(java.util.Locale.ROOT))) : List.of(),
            Clock.fixed(NOW, ZoneOffset.UTC));

    private JobCheckpoint logon(Action action, List<WpiItem> answered) {
        return steps.checkpoint("job-1", PHONE, new JobSpec.MobileUserLogon(USER, "bob").plan(), action, answered).join();
    }

    private JobCheckpoint logoff(List<WpiItem> answered) {
        return steps.checkpoint("job-2", PHONE, new JobSpec.MobileUserLogoff(USER, "bob").plan(), Action.READ_ITEMS, answered).join();
    }

    @Test
    void aLogonWritesNumberStateAndCodedValuesAndIsRecordedOnlyOnceThePhoneTookThem() {
        assertThat(new JobSteps((k, i, v) -> List.of(), null).steps("job-1", new JobSpec.MobileUserLogon(USER, "bob")).steps())
                .singleElement().satisfies(s -> {
                    assertThat(s.checkpoint()).isTrue();
                    assertThat(s.action()).isEqualTo(Action.READ_ITEMS);
                });
        JobCheckpoint read = logon(Action.READ_ITEMS, List.of(WpiItem.of("mobility-enabled", "true"), WpiItem.of("sip-mobility-state", "1")));
        assertThat(read.failure()).isNull();
        DeviceJob.Step write = read.then().getFirst();
        assertThat(write.checkpoint()).isTrue();
        assertThat(write.items()).containsExactly(WpiItem.of("e164", USER), WpiItem.of("sip-mobility-state", "0"),
                WpiItem.of("call-dnd-enabled", "true"));
        assertThat(commands).isEmpty();

        assertThat(logon(Action.WRITE_ITEMS, List.of()).failure()).isNull();
        assertThat(commands).containsExactly(new LogOnMobileUser(USER, PHONE, null, ChangeSource.ADMIN, "bob", "logon job job-1",
                NOW, 600L, "job-1"));
    }

    @Test
    void aLogonFailsWithItsReasonAndRecordsNothing() {
        assertThat(logon(Action.READ_ITEMS, List.of(WpiItem.of("mobility-enabled", "false"))).failure())
                .startsWith("mobility is not enabled at the phone");
        prepareFails = new Conflict("mobile user " + USER + " is logged on at other; log off there first");
        assertThat(logon(Action.READ_ITEMS, List.of(WpiItem.of("mobility-enabled", "true"))).failure())
                .isEqualTo("mobile user " + USER + " is logged on at other; log off there first; the user's state is unchanged");
        assertThat(logon(Action.WRITE_ITEMS, List.of(new WpiItem("e164", null, "", "read only"))).failure())
                .isEqualTo("the phone refused e164; user " + USER + " is not logged on there");
        assertThat(commands).isEmpty();
    }

    @Test
    void aLogoffStoresTheFilesWithTheLogoffThenGivesThePhoneItsOwnValues() {
        String book = Base64.getEncoder().encodeToString("name,Bob".getBytes());
        JobCheckpoint read = logoff(List.of(WpiItem.indexed("userdata-phonebook", 1, book),
                new WpiItem("userdata-call-log", 1, "", "unknown item"), WpiItem.of("basic-e164", "4930111")));
        assertThat(read.failure()).isNull();
        assertThat(commands).containsExactly(new LogOffMobileUser(USER, PHONE, List.of(new ProfileItem("userdata-phonebook", book)),
                ChangeSource.ADMIN, "bob", "logoff job job-2", NOW, "job-2"));
        assertThat(read.then().getFirst().checkpoint()).isFalse();
        assertThat(read.then().getFirst().items()).containsExactly(WpiItem.of("e164", "4930111"), WpiItem.of("sip-mobility-state", "1"),
                WpiItem.of("call-dnd-enabled", "false"));

        // Served again (the phone was busy at the last write): the user is off already, the phone still shows the
        // user; with no one logged on there it gets its own values back. Otherwise the refusal stands.
        logoffFails = new Conflict("mobile user " + USER + " is not logged on");
        commands.clear();
        JobCheckpoint again = logoff(List.of(WpiItem.of("sip-mobility-state", "0"), WpiItem.of("basic-e164", "4930111")));
        assertThat(again.failure()).isNull();
        assertThat(again.then().getFirst().items()).contains(WpiItem.of("e164", "4930111"), WpiItem.of("sip-mobility-state", "1"));
        assertThat(logoff(List.of(WpiItem.of("sip-mobility-state", "1"))).failure())
                .isEqualTo("mobile user " + USER + " is not logged on; the user's state is unchanged");
        userThere = new MobileUserView("4930999", null, "LOGGED_ON", PHONE, null, null, null, 0, List.of(), List.of());
        assertThat(logoff(List.of(WpiItem.of("sip-mobility-state", "0"))).failure()).contains("is not logged on");
        assertThat(commands).isEmpty();
        logoffFails = null;

        JobCheckpoint bad = logoff(List.of(WpiItem.indexed("userdata-phonebook", 1, "%% not base64 %%")));
        assertThat(bad.failure()).startsWith("user data refused").endsWith("stays logged on and the profile unchanged");
        assertThat(commands).isEmpty();
    }
}

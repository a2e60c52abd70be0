package org.deskfleet.wpi.server.mobility;

import org.deskfleet.kernel.catalog.ParameterCatalog;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.kernel.mobility.ChangeMobileUserConfiguration;
import org.deskfleet.kernel.mobility.LogOffMobileUser;
import org.deskfleet.kernel.mobility.LogOnMobileUser;
import org.deskfleet.kernel.mobility.LogonGrant;
import org.deskfleet.kernel.mobility.MobileUserView;
import org.deskfleet.kernel.mobility.ProfileItem;
import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.PhoneMessage;
import org.deskfleet.wpi.codec.Reason;
import org.deskfleet.wpi.codec.WpiItem;
import org.deskfleet.wpi.server.interaction.MobilityHook.Step;
import org.deskfleet.wpi.server.work.ParameterItems;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The mobility flow against a fake domain: what each phone request is taken for, and what the phone gets. */
class MobilityFlowTest {

    private static final String DEVICE = "001ae8000001";
    private static final String USER = "4989700712345";
    private static final String CALL_WAITING = "mobile-user.call-handling.call-waiting-enabled";

    private final List<Object> commands = new ArrayList<>();
    private RuntimeException logonFails;

    private final MobilityPort port = new MobilityPort() {
        public CompletableFuture<LogonGrant> logon(LogOnMobileUser c) {
            commands.add(c);
            return logonFails != null ? CompletableFuture.failedFuture(logonFails)
                    : CompletableFuture.completedFuture(new LogonGrant(c.e164(), c.deviceId(),
                    List.of(new ParameterValue(CALL_WAITING, null, "False")), List.of()));
        }

        public CompletableFuture<Void> logoff(LogOffMobileUser c) {
            commands.add(c);
            return CompletableFuture.completedFuture(null);
        }

        public CompletableFuture<LogonGrant> prepare(org.deskfleet.kernel.mobility.PrepareMobileUserLogon c) {
            commands.add(c);
            return CompletableFuture.completedFuture(new LogonGrant(c.e164(), c.deviceId(), List.of(), List.of()));
        }

        public CompletableFuture<Void> change(ChangeMobileUserConfiguration c) {
            commands.add(c);
            return CompletableFuture.completedFuture(null);
        }

        public CompletableFuture<Optional<MobileUserView>> userAt(String deviceId) {
            return CompletableFuture.completedFuture(Optional.of(new MobileUserView(USER, null, "LOGGED_ON", deviceId, null, null,
                    null, 0, List.of(), List.of())));
        }

        public CompletableFuture<List<ProfileItem>> profile(String e164) {
            return CompletableFuture.completedFuture(List.of());
        }

        public CompletableFuture<Map<String, String>> ownValues(String deviceId, List<String> slots) {
            return CompletableFuture.completedFuture(Map.of(CALL_WAITING, "True"));
        }

        public CompletableFuture<Long> forcedLogoffSeconds() {
            return CompletableFuture.completedFuture(null);
        }
    };

    private final ParameterCatalog catalog = ParameterCatalog.bundled();
    private final ParameterItems items = (key, index, value) -> catalog.itemValues(key, index, value).stream()
            .map(i -> new ParameterItems.Item(i.name(), i.index(), i.value())).toList();
    private final MobilityFlow flow = new MobilityFlow(port, items, catalog, Clock.systemUTC());

    private static PhoneMessage inventoryChanges(WpiItem... items) {
        List<WpiItem> all = new ArrayList<>(List.of(WpiItem.of("mac-addr", "00:1a:e8:00:00:01"), WpiItem.of("basic-e164", "4930111")));
        all.addAll(List.of(items));
        return PhoneMessage.of("N1", Reason.INVENTORY_CHANGES, all);
    }

    private static PhoneMessage logon(String enabled, String password) {
        return inventoryChanges(WpiItem.of("mobility-enabled", enabled), WpiItem.of("sip-mobility-state", "2"),
                WpiItem.of("e164", USER), WpiItem.of("user-pwd", password));
    }

    /** The call-waiting item as the catalog codes the value for phones. */
    private WpiItem coded(String value) {
        ParameterItems.Item i = items.items(CALL_WAITING, null, value).getFirst();
        return WpiItem.of(i.name(), i.value());
    }

    @Test
    void requestsAreToldApartByTheirItems() {
        assertThat(MobilityFlow.kind(logon("true", "1"))).contains(MobilityFlow.Kind.LOGON);
        assertThat(MobilityFlow.kind(inventoryChanges(WpiItem.of("requested-items", "userdata-phonebook")))).contains(MobilityFlow.Kind.PROFILE);
        assertThat(MobilityFlow.kind(inventoryChanges(WpiItem.of("modified-items", "")))).contains(MobilityFlow.Kind.LOGOFF);
        assertThat(MobilityFlow.kind(inventoryChanges(WpiItem.of("sip-mobility-state", "0")))).isEmpty();
        assertThat(MobilityFlow.kind(PhoneMessage.of("N", Reason.START_UP, List.of()))).isEmpty();
    }

    @Test
    void aLogonsTypedNumberAndPasswordNeverReachTheClientRecord() {
        assertThat(flow.clientItems(logon("true", "4711"))).extracting(WpiItem::name)
                .doesNotContain("e164", "user-pwd").contains("sip-mobility-state", "mobility-enabled");
    }

    @Test
    void aLogonGivesTheUsersNumberAndSettingsOrSaysWhyNot() {
        Step refused = flow.start(logon("false", "4711"), DEVICE).join();
        assertThat(refused.refusal()).contains("mobility is not enabled");
        assertThat(commands).isEmpty();

        Step ok = flow.start(logon("true", "4711"), DEVICE).join();
        assertThat(ok.refusal()).isNull();
        assertThat(ok.messages()).hasSize(1);
        assertThat(ok.messages().getFirst().action()).isEqualTo(Action.WRITE_ITEMS);
        assertThat(ok.messages().getFirst().items()).contains(WpiItem.of("e164", USER), WpiItem.of("sip-mobility-state", "0"),
                coded("False"));
        assertThat(((LogOnMobileUser) commands.getFirst()).password()).isEqualTo("4711");

        logonFails = new SecurityException("wrong mobility password for user " + USER);
        assertThat(flow.start(logon("true", "0000"), DEVICE).join().refusal()).contains("wrong mobility password");
    }

    @Test
    void aLogoffReadsTheUserDataStoresItAndGivesThePhoneItsOwnValuesBack() {
        flow.start(logon("true", "4711"), DEVICE).join();
        Step read = flow.start(inventoryChanges(WpiItem.of("e164", USER), WpiItem.of("modified-items", "userdata-phonebook")), DEVICE).join();
        assertThat(read.messages().getFirst().action()).isEqualTo(Action.READ_ITEMS);
        assertThat(read.messages().getFirst().items()).containsExactly(WpiItem.indexed("userdata-phonebook", 1, ""));

        String book = Base64.getEncoder().encodeToString("#VERSION=0200\nname,Bob\n".getBytes());
        Step back = flow.replied(DEVICE, Action.READ_ITEMS, List.of(WpiItem.indexed("userdata-phonebook", 1, book))).join();
        LogOffMobileUser off = (LogOffMobileUser) commands.getLast();
        assertThat(off.profile()).containsExactly(new ProfileItem("userdata-phonebook", book));
        assertThat(back.messages().getFirst().items()).contains(WpiItem.of("e164", "4930111"), WpiItem.of("sip-mobility-state", "1"),
                coded("True"));
    }

    @Test
    void userDataThatIsNotBase64RefusesTheLogoff() {
        flow.start(inventoryChanges(WpiItem.of("modified-items", "userdata-phonebook")), DEVICE).join();
        Step refused = flow.replied(DEVICE, Action.READ_ITEMS, List.of(WpiItem.indexed("userdata-phonebook", 1, "%%%"))).join();
        assertThat(refused.refusal()).contains("user data refused").contains("not base64");
        assertThat(commands).noneMatch(c -> c instanceof LogOffMobileUser);
        assertThat(flow.start(inventoryChanges(WpiItem.of("modified-items", "user-pwd")), DEVICE).join().refusal())
                .contains("not user-data items: user-pwd");
    }
}

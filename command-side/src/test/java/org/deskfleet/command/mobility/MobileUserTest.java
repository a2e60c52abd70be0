package org.deskfleet.command.mobility;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.deskfleet.command.configuration.CatalogParameterRules;
import org.deskfleet.command.secret.InMemoryDataKeys;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.catalog.ParameterCatalog;
import org.deskfleet.kernel.configuration.ConfigurationRejected;
import org.deskfleet.kernel.configuration.ParameterChange;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.command.secret.SecretCipher;
import org.deskfleet.kernel.mobility.ChangeMobileUserConfiguration;
import org.deskfleet.kernel.mobility.DeleteMobileUser;
import org.deskfleet.kernel.mobility.LogOffMobileUser;
import org.deskfleet.kernel.mobility.LogOnMobileUser;
import org.deskfleet.kernel.mobility.LogonGrant;
import org.deskfleet.kernel.mobility.MobileUserConfigurationChanged;
import org.deskfleet.kernel.mobility.MobileUserDeleted;
import org.deskfleet.kernel.mobility.MobileUserLoggedOff;
import org.deskfleet.kernel.mobility.MobileUserLoggedOn;
import org.deskfleet.kernel.mobility.MobileUserProfileStored;
import org.deskfleet.kernel.mobility.MobileUserRegistered;
import org.deskfleet.kernel.mobility.PrepareMobileUserLogon;
import org.deskfleet.kernel.mobility.ProfileItem;
import org.deskfleet.kernel.mobility.RegisterMobileUser;
import org.deskfleet.kernel.mobility.RevertMobileUserConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The MobileUser slice through Axon's aggregate fixture. */
class MobileUserTest {

    private static final Instant T = Instant.parse("2026-03-01T08:00:00Z");
    private static final Instant T2 = T.plusSeconds(3600);
    private static final String NUMBER = "4989700712345";
    private static final String PHONE_A = "001ae8000001";
    private static final String CALL_WAITING = "mobile-user.call-handling.call-waiting-enabled";

    private final List<String> shredded = new ArrayList<>();
    private final List<String> forcedJobs = new ArrayList<>();
    private SecretCipher cipher;
    private String sealedPassword;

    @BeforeEach
    void setUp() {
        SecretCipher real = InMemoryDataKeys.cipher();
        cipher = new SecretCipher() {
            public String encrypt(String id, String clear) {
                return real.encrypt(id, clear);
            }

            public String decrypt(String id, String ct) {
                return real.decrypt(id, ct);
            }

            public void shred(String id) {
                shredded.add(id);
                real.shred(id);
            }
        };
        sealedPassword = cipher.encrypt(MobileUser.keyOf(NUMBER), "4711");
    }

    /** A fresh fixture per scenario: a fixture keeps the aggregate identifier of its first given. */
    private AggregateTestFixture<MobileUser> f() {
        AggregateTestFixture<MobileUser> fixture = new AggregateTestFixture<>(MobileUser.class);
        fixture.registerInjectableResource(new CatalogParameterRules(ParameterCatalog.bundled()));
        fixture.registerInjectableResource(cipher);
        fixture.registerInjectableResource((ForcedLogoffJobs) (e164, deviceId, reason, at) ->
                forcedJobs.add(e164 + "@" + deviceId + ": " + reason + " at " + at));
        return fixture;
    }

    private MobileUserRegistered registered() {
        return new MobileUserRegistered(NUMBER, "Ann", sealedPassword, "alice", null, T);
    }

    @Test
    void aUserIsRegisteredWithAnEncryptedPasswordNeverInClear() {
        f().givenNoPriorActivity()
                .when(new RegisterMobileUser(NUMBER, "Ann", "4711", "alice", "new hire", T))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.exactSequenceOf(
                        org.axonframework.test.matchers.Matchers.messageWithPayload(org.hamcrest.Matchers.allOf(
                                org.hamcrest.Matchers.instanceOf(MobileUserRegistered.class),
                                org.hamcrest.Matchers.hasToString(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("4711")))))));
        assertThat(new RegisterMobileUser(NUMBER, "Ann", "4711", "alice", null, T).toString()).doesNotContain("4711");
    }

    @Test
    void badRegistrationsAreRefusedWithASpecificError() {
        f().given(registered()).when(new RegisterMobileUser(NUMBER, "Bob", "1", "alice", null, T))
                .expectException(IllegalStateException.class).expectExceptionMessage("E164 user already exists: " + NUMBER);
        f().givenNoPriorActivity().when(new RegisterMobileUser("1234567890123456", null, "1", "alice", null, T))
                .expectException(IllegalArgumentException.class).expectNoEvents();
        f().givenNoPriorActivity().when(new RegisterMobileUser("49-89", null, "1", "alice", null, T))
                .expectException(IllegalArgumentException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("1 to 15 digits"));
        f().givenNoPriorActivity().when(new RegisterMobileUser(NUMBER, null, " ", "alice", null, T))
                .expectException(IllegalArgumentException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("needs a password"));
    }

    @Test
    void deletingShredsTheSecretsAndTheNumberMustRegisterAgain() {
        f().given(registered()).when(new DeleteMobileUser(NUMBER, "bob", "left", T2))
                .expectEvents(new MobileUserDeleted(NUMBER, "bob", "left", T2));
        assertThat(shredded).containsExactly(MobileUser.keyOf(NUMBER));
        f().given(registered(), new MobileUserDeleted(NUMBER, "bob", "left", T2))
                .when(new LogOnMobileUser(NUMBER, PHONE_A, null, ChangeSource.ADMIN, "bob", null, T2))
                .expectException(IllegalStateException.class).expectExceptionMessage("unknown mobile user " + NUMBER);
        f().given(registered(), new MobileUserDeleted(NUMBER, "bob", "left", T2))
                .when(new RegisterMobileUser(NUMBER, "Ann", "4711", "alice", null, T2)).expectSuccessfulHandlerExecution();
        f().given(registered(), new MobileUserLoggedOn(NUMBER, PHONE_A, ChangeSource.PHONE, "phone", null, T))
                .when(new DeleteMobileUser(NUMBER, "bob", null, T2))
                .expectException(IllegalStateException.class).expectNoEvents();
    }

    @Test
    void configurationIsValidatedByTheUserScopeOfTheCatalog() {
        f().given(registered())
                .when(new ChangeMobileUserConfiguration(NUMBER, List.of(new ParameterValue(CALL_WAITING, null, "False")),
                        ChangeSource.ADMIN, "alice", "quiet", "c1", null, T2))
                .expectEvents(new MobileUserConfigurationChanged(NUMBER,
                        List.of(new ParameterChange(CALL_WAITING, null, null, "False", false)),
                        ChangeSource.ADMIN, "alice", "quiet", "c1", null, T2));
        // A client-only parameter and a bad value: both reported, nothing applied.
        f().given(registered())
                .when(new ChangeMobileUserConfiguration(NUMBER, List.of(
                        new ParameterValue("general.mobility.mobility-enabled", null, "True"),
                        new ParameterValue(CALL_WAITING, null, "maybe")), ChangeSource.ADMIN, "alice", null, null, null, T2))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(org.hamcrest.Matchers.<Object>allOf(
                        org.hamcrest.Matchers.instanceOf(ConfigurationRejected.class),
                        org.hamcrest.Matchers.hasToString(org.hamcrest.Matchers.containsString("rule=scope")),
                        org.hamcrest.Matchers.hasToString(org.hamcrest.Matchers.containsString("rule=bool"))))
                .expectNoEvents();
        f().givenNoPriorActivity()
                .when(new ChangeMobileUserConfiguration(NUMBER, List.of(new ParameterValue(CALL_WAITING, null, "False")),
                        ChangeSource.ADMIN, "alice", null, null, null, T2))
                .expectException(IllegalStateException.class).expectExceptionMessage("unknown mobile user " + NUMBER);
    }

    @Test
    void revertGoesBackToTheValuesOfAnEarlierTime() {
        MobileUserConfigurationChanged set = new MobileUserConfigurationChanged(NUMBER,
                List.of(new ParameterChange(CALL_WAITING, null, null, "False", false)), ChangeSource.ADMIN, "alice", null, null, null, T2);
        f().given(registered(), set)
                .when(new RevertMobileUserConfiguration(NUMBER, T, "bob", null, "c9", T2.plusSeconds(60)))
                .expectEvents(new MobileUserConfigurationChanged(NUMBER,
                        List.of(new ParameterChange(CALL_WAITING, null, "False", null, false)), ChangeSource.REVERT,
                        "bob", "revert to " + T, "c9", null, T2.plusSeconds(60)));
    }

    @Test
    void logonFromThePhoneNeedsTheRightPasswordAndGivesSettingsAndProfile() {
        ProfileItem book = new ProfileItem("userdata-phonebook", b64("#VERSION=0200\nname,Bob\n"));
        MobileUserConfigurationChanged set = new MobileUserConfigurationChanged(NUMBER,
                List.of(new ParameterChange(CALL_WAITING, null, null, "False", false)), ChangeSource.ADMIN, "alice", null, null, null, T);
        f().given(registered(), set, new MobileUserLoggedOn(NUMBER, "b", ChangeSource.PHONE, "phone", null, T),
                        new MobileUserProfileStored(NUMBER, "b", List.of(book), 22, T), new MobileUserLoggedOff(NUMBER, "b", ChangeSource.PHONE, "phone", null, T))
                .when(new LogOnMobileUser(NUMBER, PHONE_A, "4711", ChangeSource.PHONE, "phone", null, T2))
                .expectEvents(new MobileUserLoggedOn(NUMBER, PHONE_A, ChangeSource.PHONE, "phone", null, T2))
                .expectResultMessagePayload(new LogonGrant(NUMBER, PHONE_A, List.of(new ParameterValue(CALL_WAITING, null, "False")), List.of(book)));
        f().given(registered())
                .when(new LogOnMobileUser(NUMBER, PHONE_A, "0000", ChangeSource.PHONE, "phone", null, T2))
                .expectException(SecurityException.class).expectNoEvents();
        f().given(registered())
                .when(new LogOnMobileUser(NUMBER, PHONE_A, null, ChangeSource.PHONE, "phone", null, T2))
                .expectException(SecurityException.class).expectNoEvents();
        // An operator logs a user on without the password.
        f().given(registered())
                .when(new LogOnMobileUser(NUMBER, PHONE_A, null, ChangeSource.ADMIN, "bob", "cover", T2))
                .expectEvents(new MobileUserLoggedOn(NUMBER, PHONE_A, ChangeSource.ADMIN, "bob", "cover", T2));
    }

    @Test
    void aUserLoggedOnElsewhereIsRefusedUntilLoggedOffThere() {
        f().given(registered(), new MobileUserLoggedOn(NUMBER, "other", ChangeSource.PHONE, "phone", null, T))
                .when(new LogOnMobileUser(NUMBER, PHONE_A, "4711", ChangeSource.PHONE, "phone", null, T2))
                .expectException(IllegalStateException.class)
                .expectExceptionMessage("mobile user " + NUMBER + " is logged on at other; log off there first");
        f().given(registered(), new MobileUserLoggedOn(NUMBER, PHONE_A, ChangeSource.PHONE, "phone", null, T))
                .when(new LogOnMobileUser(NUMBER, PHONE_A, "4711", ChangeSource.PHONE, "phone", null, T2))
                .expectNoEvents();
    }

    @Test
    void logoffStoresTheChangedProfileFirst() {
        ProfileItem book = new ProfileItem("userdata-phonebook", b64("#VERSION=0200\nname,Bob\n"));
        ProfileItem log = new ProfileItem("userdata-call-log", b64("#VERSION=0200\n"));
        f().given(registered(), new MobileUserLoggedOn(NUMBER, PHONE_A, ChangeSource.PHONE, "phone", null, T))
                .when(new LogOffMobileUser(NUMBER, PHONE_A, List.of(book, log), ChangeSource.PHONE, "phone", null, T2))
                .expectEvents(new MobileUserProfileStored(NUMBER, PHONE_A, List.of(book, log), book.size() + log.size(), T2),
                        new MobileUserLoggedOff(NUMBER, PHONE_A, ChangeSource.PHONE, "phone", null, T2));
        f().given(registered())
                .when(new LogOffMobileUser(NUMBER, null, List.of(), ChangeSource.ADMIN, "bob", null, T2))
                .expectException(IllegalStateException.class).expectExceptionMessage("mobile user " + NUMBER + " is not logged on");
        f().given(registered(), new MobileUserLoggedOn(NUMBER, PHONE_A, ChangeSource.PHONE, "phone", null, T))
                .when(new LogOffMobileUser(NUMBER, "elsewhere", List.of(), ChangeSource.PHONE, "phone", null, T2))
                .expectException(IllegalStateException.class).expectNoEvents();
    }

    @Test
    void aPlannedLogoffHappensAtItsTimeAndAForcedLogoffEndsOnlyItsOwnLogon() {
        Instant later = T2.plusSeconds(600);
        f().given(registered(), new MobileUserLoggedOn(NUMBER, PHONE_A, ChangeSource.PHONE, "phone", null, T))
                .when(new org.deskfleet.kernel.mobility.PlanMobilityAction(NUMBER, org.deskfleet.kernel.mobility.MobilityAction.LOGOFF,
                        null, later, "bob", "end of shift", T2))
                .expectEvents(new org.deskfleet.kernel.mobility.MobilityActionPlanned(NUMBER,
                        org.deskfleet.kernel.mobility.MobilityAction.LOGOFF, null, later, "bob", "end of shift", T2))
                .expectScheduledDeadlineWithName(later, MobileUser.PLANNED);
        f().given(registered())
                .when(new org.deskfleet.kernel.mobility.PlanMobilityAction(NUMBER, org.deskfleet.kernel.mobility.MobilityAction.LOGOFF,
                        null, T, "bob", null, T2))
                .expectException(IllegalArgumentException.class).expectNoEvents();
        // The forced-logoff interval of the system settings: once it has run out, a logoff job (initiator SYSTEM)
        // is created; the user's own events wait for the phone's answer to that job.
        f().given(registered())
                .andGivenCommands(new LogOnMobileUser(NUMBER, PHONE_A, "4711", ChangeSource.PHONE, "phone", null, T, 3600L))
                .whenThenTimeElapses(java.time.Duration.ofSeconds(3601))
                .expectDeadlinesMetMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                        org.axonframework.test.matchers.Matchers.listWithAnyOf(org.hamcrest.Matchers.instanceOf(MobilityDeadline.class))))
                .expectNoEvents();
        assertThat(forcedJobs).containsExactly(NUMBER + "@" + PHONE_A + ": forced logoff after 3600 s at " + T.plusSeconds(3600));
        MobileUserState loggedOnAgain = MobileUserState.registered(NUMBER, null, "x").loggedOnAt(PHONE_A, T2);
        assertThat(MobileUserDecider.forcedLogoffDue(loggedOnAgain, PHONE_A, T)).isFalse();
        assertThat(MobileUserDecider.forcedLogoffDue(loggedOnAgain, PHONE_A, T2)).isTrue();
        assertThat(MobileUserDecider.forcedLogoffDue(loggedOnAgain.loggedOff(T2.plusSeconds(1)), PHONE_A, T2)).isFalse();
    }

    @Test
    void aLogonJobAsksFirstAndRecordsNothingThenRecordsTheLogonWithTheJobAsCorrelation() {
        // Asking: the user's values (secrets in clear for delivery), nothing recorded.
        f().given(registered(), new MobileUserConfigurationChanged(NUMBER, List.of(new ParameterChange(CALL_WAITING, null, null,
                        "False", false)), ChangeSource.ADMIN, "alice", null, null, null, T))
                .when(new PrepareMobileUserLogon(NUMBER, PHONE_A))
                .expectSuccessfulHandlerExecution().expectNoEvents()
                .expectResultMessagePayloadMatching(org.hamcrest.Matchers.<Object>hasToString(
                        org.hamcrest.Matchers.containsString("1 settings")));
        f().givenNoPriorActivity().when(new PrepareMobileUserLogon(NUMBER, PHONE_A))
                .expectException(IllegalStateException.class).expectExceptionMessage("unknown mobile user " + NUMBER).expectNoEvents();
        f().given(registered(), new MobileUserLoggedOn(NUMBER, "elsewhere", ChangeSource.PHONE, "phone", null, T))
                .when(new PrepareMobileUserLogon(NUMBER, PHONE_A))
                .expectException(IllegalStateException.class)
                .expectExceptionMessage("mobile user " + NUMBER + " is logged on at elsewhere; log off there first").expectNoEvents();
        f().given(registered()).when(new PrepareMobileUserLogon(NUMBER, " "))
                .expectException(IllegalArgumentException.class).expectNoEvents();
        // Recorded once the phone took it: source ADMIN, the job as correlation.
        f().given(registered())
                .when(new LogOnMobileUser(NUMBER, PHONE_A, null, ChangeSource.ADMIN, "bob", "logon job job-1", T2, null, "job-1"))
                .expectEvents(new MobileUserLoggedOn(NUMBER, PHONE_A, ChangeSource.ADMIN, "bob", "logon job job-1", T2, "job-1"));
        String file = b64("#VERSION=0200\nname,Bob\n");
        f().given(registered(), new MobileUserLoggedOn(NUMBER, PHONE_A, ChangeSource.ADMIN, "bob", null, T, "job-1"))
                .when(new LogOffMobileUser(NUMBER, PHONE_A, List.of(new ProfileItem("userdata-phonebook", file)),
                        ChangeSource.ADMIN, "bob", "logoff job job-2", T2, "job-2"))
                .expectEvents(new MobileUserProfileStored(NUMBER, PHONE_A, List.of(new ProfileItem("userdata-phonebook", file)),
                                new ProfileItem("userdata-phonebook", file).size(), T2),
                        new MobileUserLoggedOff(NUMBER, PHONE_A, ChangeSource.ADMIN, "bob", "logoff job job-2", T2, "job-2"));
    }

    @Test
    void userDataMustBeKnownBase64AndWithinTheCap() {
        assertThatThrownBy(() -> new ProfileItem("userdata-phonebook", "not base64!"))
                .hasMessageContaining("is not base64");
        assertThatThrownBy(() -> new ProfileItem("user-pwd", "")).hasMessageContaining("not a user-data item");
        String huge = Base64.getEncoder().encodeToString(new byte[ProfileItem.MAX_BYTES + 3]);
        assertThatThrownBy(() -> new ProfileItem("userdata-picture", huge)).hasMessageContaining("larger than");
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}

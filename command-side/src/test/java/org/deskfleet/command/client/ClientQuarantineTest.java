package org.deskfleet.command.client;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.deskfleet.command.secret.HmacSecretSealer;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.client.ApproveClient;
import org.deskfleet.kernel.client.ClientApproved;
import org.deskfleet.kernel.client.ClientDeleted;
import org.deskfleet.kernel.client.ClientItemsReported;
import org.deskfleet.kernel.client.ClientQuarantined;
import org.deskfleet.kernel.client.ClientRegistered;
import org.deskfleet.kernel.client.ContactReason;
import org.deskfleet.kernel.client.DeleteClient;
import org.deskfleet.kernel.client.RegisterClient;
import org.deskfleet.kernel.client.RegistrationOutcome;
import org.deskfleet.kernel.system.UnknownPhones;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.messageWithPayload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;

/** The quarantine slice: an unknown phone kept out until approved, through Axon's aggregate fixture and the pure decider. */
class ClientQuarantineTest {

    private static final String MAC = "00:1a:e8:3b:77:0c";
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-01T11:00:00Z");
    private static final Instant T2 = Instant.parse("2026-01-01T12:00:00Z");

    private AggregateTestFixture<Client> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Client.class);
        fixture.registerInjectableResource(new HmacSecretSealer(new byte[32]));
    }

    private static RegisterClient startUp(UnknownPhones mode, Instant at) {
        return new RegisterClient(MAC, ContactReason.START_UP, ClientTest.startUpItems("V3 R5.14.0", "false"),
                "192.0.2.1", false, at, mode);
    }

    private static ClientQuarantined quarantined() {
        return new ClientQuarantined(MAC, ClientTest.identity("V3 R5.14.0"), ContactReason.START_UP, ChangeSource.PHONE, T0);
    }

    @Test
    void anUnknownPhoneIsQuarantinedWithWhatItClaimedAndRefusedService() {
        fixture.givenNoPriorActivity()
                .when(startUp(UnknownPhones.QUARANTINE, T0))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(RegistrationOutcome.quarantined(true))
                // no items: nothing the phone says is kept beyond its claimed identity
                .expectEvents(quarantined());
    }

    @Test
    void aQuarantinedPhoneCallingAgainRecordsNothingAndGetsNothing() {
        fixture.given(quarantined())
                .when(startUp(UnknownPhones.QUARANTINE, T1))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(RegistrationOutcome.quarantined(false))
                .expectNoEvents();
        // switching the setting back does not let it in: only an approval does
        fixture.given(quarantined())
                .when(startUp(UnknownPhones.REGISTER, T1))
                .expectResultMessagePayload(RegistrationOutcome.quarantined(false))
                .expectNoEvents();
    }

    @Test
    void aKnownClientIsServedWhateverTheSetting() {
        fixture.given(new ClientRegistered(MAC, ClientTest.identity("V3 R5.14.0"), ContactReason.START_UP, ChangeSource.PHONE, T0))
                .when(startUp(UnknownPhones.QUARANTINE, T1))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(new RegistrationOutcome(false, true));
    }

    @Test
    void withRegisterAnUnknownPhoneIsRegisteredAsBefore() {
        fixture.givenNoPriorActivity()
                .when(startUp(UnknownPhones.REGISTER, T0))
                .expectResultMessagePayload(new RegistrationOutcome(true, true))
                .expectEventsMatching(exactSequenceOf(
                        messageWithPayload(instanceOf(ClientRegistered.class)),
                        messageWithPayload(instanceOf(ClientItemsReported.class)),
                        andNoMore()));
    }

    @Test
    void anApprovalIsRecordedWithActorTimeAndTheClaimedIdentity() {
        fixture.given(quarantined())
                .when(new ApproveClient(MAC, "ops", "badge checked", T1))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ClientApproved(MAC, ClientTest.identity("V3 R5.14.0"), "ops", "badge checked", T1));
    }

    @Test
    void anApprovedPhoneIsServedAndReadInFullAtItsNextContact() {
        fixture.given(quarantined(), new ClientApproved(MAC, ClientTest.identity("V3 R5.14.0"), "ops", null, T1))
                .when(startUp(UnknownPhones.QUARANTINE, T2))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(new RegistrationOutcome(false, true))
                .expectEventsMatching(exactSequenceOf(
                        messageWithPayload(instanceOf(ClientItemsReported.class)), andNoMore()));
    }

    @Test
    void approvingTwiceRecordsOnce() {
        fixture.given(quarantined(), new ClientApproved(MAC, ClientTest.identity("V3 R5.14.0"), "ops", null, T1))
                .when(new ApproveClient(MAC, "ops", null, T2))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void approvingAnUnknownDeviceIsRefusedAndRecordsNothing() {
        // No stream at all: Axon refuses before the decider is asked; the decider refuses a forgotten (deleted) one.
        fixture.givenNoPriorActivity()
                .when(new ApproveClient(MAC, "ops", null, T1))
                .expectException(org.axonframework.modelling.command.AggregateNotFoundException.class)
                .expectNoEvents();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() ->
                ClientDecider.decide(new ApproveClient(MAC, "ops", null, T1), ClientState.INITIAL)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown device " + MAC);
    }

    @Test
    void aRejectedPhoneIsForgottenAndQuarantinedAnewWhenItCallsAgain() {
        ClientState quarantined = ClientDecider.evolve(ClientState.INITIAL, quarantined());
        assertThat(ClientDecider.decide(new DeleteClient(MAC, "ops", T1), quarantined))
                .containsExactly(new ClientDeleted(MAC, "ops", T1));
        fixture.given(quarantined(), new ClientDeleted(MAC, "ops", T1))
                .when(startUp(UnknownPhones.QUARANTINE, T2))
                .expectResultMessagePayload(RegistrationOutcome.quarantined(true))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(instanceOf(ClientQuarantined.class)), andNoMore()));
    }

    @Test
    void nothingElseIsDecidedForAQuarantinedPhone() {
        ClientState s = ClientDecider.evolve(ClientState.INITIAL, quarantined());
        // a DCMP poll from its MAC is not recorded
        assertThat(ClientDecider.decide(new org.deskfleet.kernel.client.RecordClientAccessMode(MAC,
                org.deskfleet.kernel.client.AccessMode.DCMP, T1), s)).isEmpty();
        // no configuration, from an operator or a job, and no items
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> ClientDecider.decide(
                new org.deskfleet.kernel.client.ChangeClientConfiguration(MAC, java.util.List.of(
                        new org.deskfleet.kernel.configuration.ParameterValue("x", null, "1")), ChangeSource.ADMIN,
                        "ops", null, null, T1), s, p -> false)))
                .hasMessage("device " + MAC + " is quarantined: approve it first (approveClients)");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> ClientDecider.decide(
                new org.deskfleet.kernel.client.RecordReportedItems(MAC, ContactReason.READ_ALL_ITEMS,
                        ClientTest.startUpItems("V3 R5.14.0", "false"), true, T1), s)))
                .hasMessageContaining("is quarantined");
    }

    @Test
    void evolveKeepsTheQuarantineUntilApproval() {
        ClientState s = ClientDecider.evolve(ClientState.INITIAL, quarantined());
        assertThat(s.exists()).isTrue();
        assertThat(s.quarantined()).isTrue();
        assertThat(s.identity()).isEqualTo(ClientTest.identity("V3 R5.14.0"));
        ClientState approved = ClientDecider.evolve(s, new ClientApproved(MAC, s.identity(), "ops", null, T1));
        assertThat(approved.quarantined()).isFalse();
        assertThat(approved.exists()).isTrue();
        assertThat(approved.inventoryComplete()).isFalse();
    }
}

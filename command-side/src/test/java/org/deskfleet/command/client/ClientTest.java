package org.deskfleet.command.client;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.deskfleet.command.secret.HmacSecretSealer;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.ItemChange;
import org.deskfleet.kernel.ReportedItem;
import org.deskfleet.kernel.client.ClientIdentity;
import org.deskfleet.kernel.client.ClientIdentityChanged;
import org.deskfleet.kernel.client.ClientItemsReported;
import org.deskfleet.kernel.client.ClientRegistered;
import org.deskfleet.kernel.client.ContactReason;
import org.deskfleet.kernel.client.RecordReportedItems;
import org.deskfleet.kernel.client.RegisterClient;
import org.deskfleet.kernel.client.RegistrationOutcome;
import org.deskfleet.command.secret.SecretSealer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One fixture per slice: registration and reported items, through Axon's aggregate test fixture. */
class ClientTest {

    private static final String MAC = "00:1a:e8:3b:77:0c";
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-01T11:00:00Z");
    private static final SecretSealer SEALER = new HmacSecretSealer(new byte[32]);

    private AggregateTestFixture<Client> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Client.class);
        fixture.registerInjectableResource(SEALER);
    }

    static List<ReportedItem> startUpItems(String version, String changedFlag) {
        return List.of(
                ReportedItem.of("device-type", "OpenStage 40"),
                ReportedItem.of("software-type", "Siemens SIP"),
                ReportedItem.of("software-version", version),
                ReportedItem.of("contact-me-uri", "http://10.40.8.23:8085/contact_dls.html/ContactDLS"),
                ReportedItem.of("mac-addr", "00:1A:E8:3B:77:0C"),
                ReportedItem.of("configuration-changed-flag", changedFlag),
                ReportedItem.of("e164", "498912340077"),
                ReportedItem.of("user-pwd", "739146"),
                new ReportedItem("user-pwd-unicode", null, "", "failed"));
    }

    static ClientIdentity identity(String version) {
        return new ClientIdentity("498912340077", "OpenStage 40", "Siemens SIP", version,
                "http://10.40.8.23:8085/contact_dls.html/ContactDLS", "10.40.8.23");
    }

    private RegisterClient startUp(String version, String changedFlag, Instant at) {
        return new RegisterClient(MAC, ContactReason.START_UP, startUpItems(version, changedFlag), "192.0.2.1", false, at);
    }

    @Test
    void anUnknownPhoneIsRegisteredAndMustBeReadInFull() {
        fixture.givenNoPriorActivity()
                .when(startUp("V3 R5.14.0", "false", T0))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(new RegistrationOutcome(true, true))
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.exactSequenceOf(
                        org.axonframework.test.matchers.Matchers.messageWithPayload(
                                org.hamcrest.Matchers.equalTo(new ClientRegistered(MAC, identity("V3 R5.14.0"),
                                        ContactReason.START_UP, ChangeSource.PHONE, T0))),
                        org.axonframework.test.matchers.Matchers.messageWithPayload(
                                org.hamcrest.Matchers.instanceOf(ClientItemsReported.class)),
                        org.axonframework.test.matchers.Matchers.andNoMore()));
    }

    @Test
    void aDeletedClientIsForgottenAndRegistersAnewWhenItCallsAgain() {
        java.util.Set<String> shredded = new java.util.HashSet<>();
        fixture.registerInjectableResource(new org.deskfleet.command.secret.SecretCipher() {
            public String encrypt(String id, String clear) {
                return clear;
            }

            public String decrypt(String id, String ciphertext) {
                return ciphertext;
            }

            public void shred(String id) {
                shredded.add(id);
            }
        });
        fixture.givenCommands(startUp("V3 R5.14.0", "false", T0))
                .when(new org.deskfleet.kernel.client.DeleteClient(MAC, "bob", T1))
                .expectEvents(new org.deskfleet.kernel.client.ClientDeleted(MAC, "bob", T1));
        org.assertj.core.api.Assertions.assertThat(shredded).containsExactly(MAC);
        fixture.givenCommands(startUp("V3 R5.14.0", "false", T0), new org.deskfleet.kernel.client.DeleteClient(MAC, "bob", T1))
                .when(new org.deskfleet.kernel.client.DeleteClient(MAC, "bob", T1))
                .expectException(IllegalArgumentException.class);
        fixture.givenCommands(startUp("V3 R5.14.0", "false", T0), new org.deskfleet.kernel.client.DeleteClient(MAC, "bob", T1))
                .when(startUp("V3 R5.14.0", "false", T1))
                .expectResultMessagePayload(new RegistrationOutcome(true, true));
    }

    @Test
    void secretsAreSealedBeforeTheyReachAnEvent() {
        var result = ClientDecider.decide(
                new RegisterClient(MAC, ContactReason.START_UP, Client.seal(MAC, startUpItems("V1", "false"), SEALER), null, false, T0),
                ClientState.INITIAL);
        ClientItemsReported reported = (ClientItemsReported) result.events().get(1);
        ItemChange pwd = reported.changes().stream().filter(c -> c.name().equals("user-pwd")).findFirst().orElseThrow();
        assertThat(pwd.secret()).isTrue();
        assertThat(pwd.newValue()).startsWith(SecretSealer.PREFIX).doesNotContain("739146");
        assertThat(reported.changes()).extracting(ItemChange::name).doesNotContain("configuration-changed-flag");
    }

    @Test
    void anUnchangedKnownPhoneEmitsNothingAndNeedsNoRead() {
        fixture.given(registeredAndRead())
                .when(startUp("V3 R5.14.0", "false", T1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(new RegistrationOutcome(false, false));
    }

    @Test
    void aChangedFlagAsksForAFullReadWithoutAnEvent() {
        fixture.given(registeredAndRead())
                .when(startUp("V3 R5.14.0", "true", T1))
                .expectNoEvents()
                .expectResultMessagePayload(new RegistrationOutcome(false, true));
    }

    @Test
    void aNewSoftwareVersionIsAnIdentityChangeWithOldAndNewValue() {
        fixture.given(registeredAndRead())
                .when(startUp("V3 R5.21.0", "false", T1))
                .expectEvents(new ClientIdentityChanged(MAC,
                        List.of(new ItemChange("software-version", null, "V3 R5.14.0", "V3 R5.21.0", null, false)),
                        identity("V3 R5.21.0"), ContactReason.START_UP, ChangeSource.PHONE, T1),
                        new ClientItemsReported(MAC,
                                List.of(new ItemChange("software-version", null, "V3 R5.14.0", "V3 R5.21.0", null, false)),
                                false, ContactReason.START_UP, ChangeSource.PHONE, T1));
    }

    @Test
    void aFullReadRecordsChangesAndRemovals() {
        List<ReportedItem> full = new ArrayList<>(Client.seal(MAC, startUpItems("V3 R5.14.0", "false"), SEALER));
        full.add(new ReportedItem("ldap-server-address", 1, "dir.example.test", null));
        ClientState state = replay(registeredAndRead());
        var events = ClientDecider.decide(new RecordReportedItems(MAC, ContactReason.READ_ALL_ITEMS,
                full.stream().filter(i -> !i.name().equals("e164")).toList(), true, T1), state);
        assertThat(events).singleElement().isInstanceOfSatisfying(ClientItemsReported.class, e -> {
            assertThat(e.complete()).isTrue();
            assertThat(e.changes()).containsExactlyInAnyOrder(
                    new ItemChange("ldap-server-address", 1, null, "dir.example.test", null, false),
                    new ItemChange("e164", null, "498912340077", null, null, false));
        });
    }

    @Test
    void aSecureModePhoneIsRefusedOnTheDefaultPortAndNothingIsRecorded() {
        List<Object> given = new ArrayList<>(registeredAndRead());
        given.add(new org.deskfleet.kernel.client.ClientEnteredSecureMode(MAC, T0));
        fixture.given(given)
                .when(startUp("V3 R5.99.0", "false", T1))
                .expectNoEvents()
                .expectResultMessagePayload(RegistrationOutcome.refused("device is in secure mode; use the secure port"));
        fixture.given(registeredAndRead())
                .when(new RegisterClient(MAC, ContactReason.START_UP, startUpItems("V3 R5.14.0", "false"), "192.0.2.1", true, T1))
                .expectEvents(new org.deskfleet.kernel.client.ClientEnteredSecureMode(MAC, T1));
    }

    @Test
    void itemsOfAnUnknownDeviceAreRefused() {
        fixture.givenNoPriorActivity()
                .when(new RecordReportedItems(MAC, ContactReason.READ_ALL_ITEMS, List.of(), true, T0))
                .expectException(Exception.class);
    }

    private static List<Object> registeredAndRead() {
        var first = ClientDecider.decide(
                new RegisterClient(MAC, ContactReason.START_UP, Client.seal(MAC, startUpItems("V3 R5.14.0", "false"), SEALER), "192.0.2.1", false, T0),
                ClientState.INITIAL);
        List<Object> events = new ArrayList<>(first.events());
        events.add(new ClientItemsReported(MAC, List.of(), true, ContactReason.READ_ALL_ITEMS, ChangeSource.PHONE, T0));
        return events;
    }

    private static ClientState replay(List<Object> events) {
        ClientState s = ClientState.INITIAL;
        for (Object e : events) {
            s = ClientDecider.evolve(s, (org.deskfleet.kernel.client.ClientEvent) e);
        }
        return s;
    }
}

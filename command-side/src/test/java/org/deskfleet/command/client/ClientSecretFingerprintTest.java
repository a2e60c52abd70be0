package org.deskfleet.command.client;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.deskfleet.command.configuration.CatalogParameterRules;
import org.deskfleet.command.secret.AesGcmSecretCipher;
import org.deskfleet.command.secret.DataKeys;
import org.deskfleet.command.secret.HmacSecretSealer;
import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.client.ChangeClientConfiguration;
import org.deskfleet.kernel.client.ClientConfigurationChanged;
import org.deskfleet.kernel.client.ClientRegistered;
import org.deskfleet.kernel.client.ContactReason;
import org.deskfleet.kernel.client.RevertClientConfiguration;
import org.deskfleet.kernel.catalog.ParameterCatalog;
import org.deskfleet.kernel.configuration.ParameterChange;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.command.secret.SecretSealer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** A desired secret carries the sealed form the phone will report, so drift can be told without the value. */
class ClientSecretFingerprintTest {

    private static final String MAC = "00:1a:e8:3b:77:0c";
    private static final String SIP_PASSWORD = "telephony.sip-settings.sip-credentials-password";
    private static final String SNTP = "general.date-time.sntp-server-address";
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final SecretSealer SEALER = new HmacSecretSealer(new byte[32]);

    private AggregateTestFixture<Client> fixture;

    @BeforeEach
    void setUp() {
        Map<String, byte[]> keys = new ConcurrentHashMap<>();
        fixture = new AggregateTestFixture<>(Client.class);
        fixture.registerInjectableResource(SEALER);
        fixture.registerInjectableResource(new CatalogParameterRules(ParameterCatalog.bundled()));
        fixture.registerInjectableResource(new AesGcmSecretCipher(new DataKeys() {
            public byte[] keyOf(String id) {
                return keys.computeIfAbsent(id, k -> new byte[32]);
            }

            public void destroy(String id) {
                keys.remove(id);
            }
        }));
    }

    private static ChangeClientConfiguration set(String parameter, String value, Instant at) {
        return new ChangeClientConfiguration(MAC, List.of(new ParameterValue(parameter, null, value)), ChangeSource.ADMIN,
                "alice", null, null, at);
    }

    /** Takes the published events as they are, for plain assertions afterwards. */
    private static final class Captured extends org.hamcrest.BaseMatcher<List<? super org.axonframework.eventhandling.EventMessage<?>>> {
        private List<?> events = List.of();

        @Override
        public boolean matches(Object actual) {
            events = (List<?>) actual;
            return true;
        }

        @Override
        public void describeTo(org.hamcrest.Description description) {
            description.appendText("any events");
        }

        ClientConfigurationChanged event() {
            assertThat(events).hasSize(1);
            return (ClientConfigurationChanged) ((org.axonframework.eventhandling.EventMessage<?>) events.getFirst()).getPayload();
        }

        ParameterChange onlyChange() {
            assertThat(event().changes()).hasSize(1);
            return event().changes().getFirst();
        }
    }

    @Test
    void aDesiredSecretCarriesTheSealThePhonesReportWillHave() {
        Captured events = new Captured();
        fixture.given(new ClientRegistered(MAC, ClientTest.identity("V3 R5.14.0"), ContactReason.START_UP,
                        ChangeSource.PHONE, T0))
                .when(set(SIP_PASSWORD, "s3cret-77", T0.plusSeconds(1)))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(events);
        ParameterChange change = events.onlyChange();
        assertThat(change.secret()).isTrue();
        assertThat(change.newValue()).doesNotContain("s3cret-77");
        assertThat(change.fingerprint()).isEqualTo(SEALER.seal(MAC, "sip-pwd", "s3cret-77"))
                .isNotEqualTo(SEALER.seal(MAC, "sip-pwd", "s3cret-78"));
    }

    @Test
    void plainValuesCarryNoneAndARevertedSecretGetsItsSealAgain() {
        Instant t1 = T0.plusSeconds(1);
        ClientRegistered registered = new ClientRegistered(MAC, ClientTest.identity("V3 R5.14.0"), ContactReason.START_UP,
                ChangeSource.PHONE, T0);
        Captured plain = new Captured();
        fixture.given(registered).when(set(SNTP, "10.1.1.1", t1)).expectEventsMatching(plain);
        assertThat(plain.onlyChange().fingerprint()).isNull();

        // set A, then B, revert to the time of A: the reverted value's seal is A's
        Captured reverted = new Captured();
        fixture.given(registered).andGivenCommands(set(SIP_PASSWORD, "first-pass", t1), set(SIP_PASSWORD, "second-pass", t1.plusSeconds(10)))
                .when(new RevertClientConfiguration(MAC, t1.plusSeconds(5), "carol", null, null, t1.plusSeconds(20)))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(reverted);
        ParameterChange back = reverted.onlyChange();
        assertThat(back.fingerprint()).isEqualTo(SEALER.seal(MAC, "sip-pwd", "first-pass"));
        assertThat(reverted.event().source()).isEqualTo(ChangeSource.REVERT);
    }
}

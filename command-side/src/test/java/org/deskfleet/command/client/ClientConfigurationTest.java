package org.deskfleet.command.client;

import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.client.ChangeClientConfiguration;
import org.deskfleet.kernel.client.ClientConfigurationChanged;
import org.deskfleet.kernel.client.ClientEvent;
import org.deskfleet.kernel.client.ClientIdentity;
import org.deskfleet.kernel.client.ClientRegistered;
import org.deskfleet.kernel.client.ContactReason;
import org.deskfleet.kernel.client.RevertClientConfiguration;
import org.deskfleet.kernel.configuration.ParameterChange;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The configuration slice of the Client as pure decide / evolve. */
class ClientConfigurationTest {

    private static final String MAC = "00:1a:e8:3b:77:0c";
    private static final String SNTP = "general.date-time.sntp-server-address";
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    private static ClientState replay(ClientEvent... events) {
        ClientState s = ClientState.INITIAL;
        for (ClientEvent e : events) {
            s = ClientDecider.evolve(s, e);
        }
        return s;
    }

    private static ClientConfigurationChanged set(String value, String old, Instant at) {
        return new ClientConfigurationChanged(MAC, List.of(new ParameterChange(SNTP, null, old, value, false)),
                ChangeSource.ADMIN, "alice", "why", null, at);
    }

    private static final ClientRegistered REGISTERED = new ClientRegistered(MAC, ClientIdentity.EMPTY,
            ContactReason.START_UP, ChangeSource.PHONE, T0);

    @Test
    void onlyRealChangesBecomeAnEventWithOldAndNew() {
        ClientState s = replay(REGISTERED, set("10.0.0.1", null, T0.plusSeconds(60)));
        var events = ClientDecider.decide(new ChangeClientConfiguration(MAC, List.of(new ParameterValue(SNTP, null, "10.0.0.2"),
                new ParameterValue("x.y", null, null)), ChangeSource.ADMIN, "bob", "new server", "req-1", T0.plusSeconds(120)), s, p -> false);
        assertThat(events).containsExactly(new ClientConfigurationChanged(MAC,
                List.of(new ParameterChange(SNTP, null, "10.0.0.1", "10.0.0.2", false)), ChangeSource.ADMIN, "bob",
                "new server", "req-1", T0.plusSeconds(120)));
        assertThat(ClientDecider.decide(new ChangeClientConfiguration(MAC, List.of(new ParameterValue(SNTP, null, "10.0.0.1")),
                ChangeSource.ADMIN, "bob", null, null, T0), s, p -> false)).isEmpty();
    }

    @Test
    void aRevertRestoresTheValuesOfThatTimeAsRevertChanges() {
        Instant t1 = T0.plusSeconds(60);
        Instant t2 = T0.plusSeconds(120);
        ClientState s = replay(REGISTERED, set("10.0.0.1", null, t1), set("10.0.0.2", "10.0.0.1", t2));
        var events = ClientDecider.decide(new RevertClientConfiguration(MAC, t1, "carol", null, null, t2.plusSeconds(1)), s);
        assertThat(events).singleElement().isInstanceOfSatisfying(ClientConfigurationChanged.class, e -> {
            assertThat(e.source()).isEqualTo(ChangeSource.REVERT);
            assertThat(e.changes()).containsExactly(new ParameterChange(SNTP, null, "10.0.0.2", "10.0.0.1", false));
        });
        var toStart = ClientDecider.decide(new RevertClientConfiguration(MAC, T0, "carol", null, null, t2.plusSeconds(1)), s);
        assertThat(((ClientConfigurationChanged) toStart.getFirst()).changes())
                .containsExactly(new ParameterChange(SNTP, null, "10.0.0.2", null, false));
        assertThatThrownBy(() -> ClientDecider.decide(new RevertClientConfiguration(MAC, t2.plusSeconds(99), "c", null, null, t2), s))
                .hasMessageContaining("future");
    }

    @Test
    void anUnregisteredClientCannotBeConfigured() {
        assertThatThrownBy(() -> ClientDecider.decide(new ChangeClientConfiguration(MAC, List.of(), ChangeSource.ADMIN, "a",
                null, null, T0), ClientState.INITIAL, p -> false)).hasMessageContaining("not registered");
    }
}

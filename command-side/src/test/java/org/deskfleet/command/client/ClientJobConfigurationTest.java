package org.deskfleet.command.client;

import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.client.ApplyJobConfiguration;
import org.deskfleet.kernel.client.ClientConfigurationChanged;
import org.deskfleet.kernel.client.ClientEvent;
import org.deskfleet.kernel.client.ClientIdentity;
import org.deskfleet.kernel.client.ClientRegistered;
import org.deskfleet.kernel.client.ContactReason;
import org.deskfleet.kernel.configuration.ParameterChange;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A configuration job applied again (replay, lost token) never undoes what was changed after it. */
class ClientJobConfigurationTest {

    private static final String MAC = "00:1a:e8:3b:77:0c";
    private static final String SNTP = "general.date-time.sntp-server-address";
    private static final String BACKUP = "general.date-time.sntp-backup-server-address";
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    private static final ClientRegistered REGISTERED = new ClientRegistered(MAC, ClientIdentity.EMPTY,
            ContactReason.START_UP, ChangeSource.PHONE, T0);

    private static ClientState replay(ClientEvent... events) {
        ClientState s = ClientState.INITIAL;
        for (ClientEvent e : events) {
            s = ClientDecider.evolve(s, e);
        }
        return s;
    }

    private static ClientConfigurationChanged set(String slot, String old, String value, String by, Instant at) {
        return new ClientConfigurationChanged(MAC, List.of(new ParameterChange(slot, null, old, value, false)),
                ChangeSource.ADMIN, by, "why", by, at);
    }

    private static ApplyJobConfiguration job(Instant created) {
        return new ApplyJobConfiguration(MAC, List.of(new ParameterValue(SNTP, null, "10.1.1.1"),
                new ParameterValue(BACKUP, null, "10.1.1.2")), "alice", "time", "job-1", created);
    }

    @Test
    void aJobSeenForTheFirstTimeAppliesAllItsValuesAsOfItsCreation() {
        var change = ClientDecider.stillCurrent(job(T0.plusSeconds(10)), replay(REGISTERED));
        assertThat(change.changes()).hasSize(2);
        assertThat(change.correlationId()).isEqualTo("job-1");
        assertThat(change.at()).isEqualTo(T0.plusSeconds(10));
        assertThat(change.source()).isEqualTo(ChangeSource.ADMIN);
    }

    @Test
    void aSlotChangedAfterTheJobKeepsItsNewerValue() {
        Instant created = T0.plusSeconds(10);
        ClientState s = replay(REGISTERED,
                set(SNTP, null, "10.1.1.1", "job-1", created),
                set(BACKUP, null, "10.1.1.2", "job-1", created),
                set(SNTP, "10.1.1.1", "10.2.2.2", "bob", created.plusSeconds(60)));
        var again = ClientDecider.stillCurrent(job(created), s);
        // Only the backup is left, and it is unchanged: applied again it is no event at all.
        assertThat(again.changes()).extracting(ParameterValue::parameter).containsExactly(BACKUP);
        assertThat(ClientDecider.decide(again, s, p -> false)).isEmpty();
    }

    @Test
    void aSlotChangedBeforeTheJobTakesTheJobsValue() {
        ClientState s = replay(REGISTERED, set(SNTP, null, "10.0.0.9", "bob", T0.plusSeconds(5)));
        var change = ClientDecider.stillCurrent(job(T0.plusSeconds(10)), s);
        assertThat(ClientDecider.decide(change, s, p -> false)).singleElement()
                .satisfies(e -> assertThat(((ClientConfigurationChanged) e).changes()).contains(
                        new ParameterChange(SNTP, null, "10.0.0.9", "10.1.1.1", false)));
    }
}

package org.deskfleet.command.system;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.deskfleet.kernel.system.ChangeUnknownPhones;
import org.deskfleet.kernel.system.UnknownPhones;
import org.deskfleet.kernel.system.UnknownPhonesChanged;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The setting phone contacts use comes from the recorded events: the default before any, the last change after. */
class UnknownPhonesSettingTest {

    @Test
    void registerUntilChangedThenTheLastRecordedMode() {
        EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        UnknownPhonesSetting setting = new UnknownPhonesSetting(store);
        assertThat(setting.get()).isEqualTo(UnknownPhones.REGISTER);
        store.publish(event(0, UnknownPhones.REGISTER, UnknownPhones.QUARANTINE));
        assertThat(setting.get()).isEqualTo(UnknownPhones.QUARANTINE);
        store.publish(event(1, UnknownPhones.QUARANTINE, UnknownPhones.REGISTER));
        assertThat(setting.get()).isEqualTo(UnknownPhones.REGISTER);
        store.shutDown();
    }

    private static GenericDomainEventMessage<UnknownPhonesChanged> event(long seq, UnknownPhones before, UnknownPhones after) {
        return new GenericDomainEventMessage<>("UnknownPhonesPolicy", ChangeUnknownPhones.ID, seq,
                new UnknownPhonesChanged(ChangeUnknownPhones.ID, before, after, "admin", null, Instant.EPOCH));
    }
}

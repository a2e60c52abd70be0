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

    /**
     * Phone contacts do not read the store each time: the answer is kept, a change through this node's store is
     * seen at once, a change stored by another node (here: straight into the storage, no local subscriber told)
     * once the kept answer is a second old.
     */
    @Test
    void keptInMemoryALocalChangeAtOnceAnotherNodesWithinASecond() {
        CountingStorage storage = new CountingStorage();
        EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(storage).build();
        MutableClock clock = new MutableClock();
        UnknownPhonesSetting setting = new UnknownPhonesSetting(store, clock);
        assertThat(setting.get()).isEqualTo(UnknownPhones.REGISTER);
        int reads = storage.reads;
        for (int i = 0; i < 100; i++) {
            assertThat(setting.get()).isEqualTo(UnknownPhones.REGISTER);
        }
        assertThat(storage.reads).as("store reads for 100 contacts within a second").isEqualTo(reads);

        store.publish(event(0, UnknownPhones.REGISTER, UnknownPhones.QUARANTINE));
        assertThat(setting.get()).as("a change on this node, at once").isEqualTo(UnknownPhones.QUARANTINE);

        storage.appendEvents(event(1, UnknownPhones.QUARANTINE, UnknownPhones.REGISTER)); // another node's
        assertThat(setting.get()).as("another node's change, within the kept second").isEqualTo(UnknownPhones.QUARANTINE);
        clock.now = clock.now.plus(UnknownPhonesSetting.KEEP);
        assertThat(setting.get()).as("another node's change, once the kept answer is a second old").isEqualTo(UnknownPhones.REGISTER);
        store.shutDown();
    }

    private static final class CountingStorage extends InMemoryEventStorageEngine {
        int reads;

        @Override
        public org.axonframework.eventsourcing.eventstore.DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
            reads++;
            return super.readEvents(aggregateIdentifier, firstSequenceNumber);
        }
    }

    private static final class MutableClock extends java.time.Clock {
        Instant now = Instant.parse("2026-12-03T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static GenericDomainEventMessage<UnknownPhonesChanged> event(long seq, UnknownPhones before, UnknownPhones after) {
        return new GenericDomainEventMessage<>("UnknownPhonesPolicy", ChangeUnknownPhones.ID, seq,
                new UnknownPhonesChanged(ChangeUnknownPhones.ID, before, after, "admin", null, Instant.EPOCH));
    }
}

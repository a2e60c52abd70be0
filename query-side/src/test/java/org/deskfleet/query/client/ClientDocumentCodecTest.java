package org.deskfleet.query.client;

import org.bson.Document;
import org.bson.codecs.DocumentCodec;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.convert.MappingMongoConverter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client document written by hand is the one Spring Data's mapping writes and reads (the readers read it through
 * the mapping), field for field and in the same order, whichever of the codec's two writers wrote it.
 */
class ClientDocumentCodecTest {

    private static ClientDocument sample(boolean full) {
        ClientDocument d = new ClientDocument();
        d.deviceId = "00:1a:e8:00:00:01";
        d.deviceType = "OpenStage 60";
        d.lastSequence = 7;
        if (full) {
            d.e164 = "4930123";
            d.softwareType = "Siemens SIP";
            d.softwareVersion = "V3 R5.14.0";
            d.contactMeUri = "http://10.0.0.1:8085/contact_dls.html/ContactDLS";
            d.ipAddress = "10.0.0.1";
            d.registeredAt = Instant.parse("2026-01-01T00:00:00.123456Z");
            d.updatedAt = Instant.parse("2026-01-02T00:00:00Z");
            d.inventoryComplete = true;
            d.secureMode = true;
            d.accessMode = "DCMP";
            d.items = new ArrayList<>(List.of(new ClientDocument.Item("a", null, "1", null, false),
                    new ClientDocument.Item("b", 2, null, "unknown item", true, "sealed:xyz")));
            ClientDocument.Desired x = new ClientDocument.Desired();
            x.parameter = "general.date-time.sntp-server-address";
            x.index = 1;
            x.value = "10.0.0.9";
            x.source = "ADMIN";
            x.actor = "alice";
            x.changedAt = Instant.parse("2026-01-03T00:00:00Z");
            ClientDocument.Desired y = new ClientDocument.Desired();
            y.parameter = "sip-pwd";
            y.secret = true;
            y.fingerprint = "sealed:abc";
            d.desired = new ArrayList<>(List.of(x, y));
        }
        return d;
    }

    private static MappingMongoConverter mapping() {
        return org.deskfleet.query.ServerMapping.converter();
    }

    @Test
    void bothWritersWriteWhatTheMappingWrites() {
        MappingMongoConverter mapping = mapping();
        for (boolean full : List.of(true, false)) {
            ClientDocument d = sample(full);
            Document mapped = new Document();
            mapping.write(d, mapped);
            Document encoded = ClientDocumentCodec.INSTANCE.encode(d);
            Document raw = ClientDocumentCodec.INSTANCE.raw(d).decode(new DocumentCodec());
            assertThat(encoded).as("full %s", full).isEqualTo(mapped);
            assertThat(raw).as("full %s", full).isEqualTo(mapped);
            assertThat(List.copyOf(raw.keySet())).isEqualTo(List.copyOf(encoded.keySet()));
        }
    }

    @Test
    void whatItReadsIsWhatTheMappingReads() {
        MappingMongoConverter mapping = mapping();
        for (boolean full : List.of(true, false)) {
            Document stored = ClientDocumentCodec.INSTANCE.raw(sample(full)).decode(new DocumentCodec());
            ClientDocument byHand = ClientDocumentCodec.INSTANCE.decode(stored);
            ClientDocument mapped = mapping.read(ClientDocument.class, stored);
            assertThat(byHand).usingRecursiveComparison().isEqualTo(mapped);
            // and written again, the same document
            assertThat(ClientDocumentCodec.INSTANCE.encode(byHand)).isEqualTo(stored);
        }
    }
}

package org.deskfleet.embedded.readstore;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stored document read with its large arrays left as BSON equals the one decoded whole, encodes to the same
 * bytes, is not decoded to be measured, and its arrays change like any list.
 */
class LazyBsonArrayTest {

    private static Document phone() {
        List<Object> items = new ArrayList<>();
        for (int n = 0; n < 150; n++) {
            items.add(new Document("name", "item-" + n).append("index", n % 3 == 0 ? null : n).append("value", "v" + n)
                    .append("secret", n % 7 == 0));
        }
        return new Document("_id", "00:1a:e8:00:00:01").append("deviceType", "OpenStage 60")
                .append("tags", new ArrayList<>(List.of("a", "b")))
                .append("items", items)
                .append("desired", new ArrayList<>())
                .append("nested", new Document("inner", new ArrayList<>(items)))
                .append("lastSequence", 7L);
    }

    @Test
    void readsAsTheWholeDecodingAndWritesTheSameBytes() {
        byte[] stored = EmbeddedStoreTypes.bson(phone());
        Document lazy = EmbeddedStoreTypes.lazily(Unpooled.wrappedBuffer(stored));
        assertThat(lazy.get("items")).isInstanceOf(LazyBsonArray.class);
        assertThat(lazy.get("tags")).isNotInstanceOf(LazyBsonArray.class); // small: decoded at once
        assertThat(lazy.get("nested")).isInstanceOf(Document.class); // only top-level arrays wait

        int estimated = EmbeddedStoreTypes.estimate(lazy);
        assertThat(((LazyBsonArray) lazy.get("items")).undecodedBytes()).isPositive(); // measuring did not decode

        assertThat(EmbeddedStoreTypes.bson(lazy)).isEqualTo(stored);
        Document whole = BsonDecoder.decodeBson(Unpooled.wrappedBuffer(stored));
        assertThat(lazy).isEqualTo(whole);
        assertThat(whole).isEqualTo(lazy);
        assertThat(List.copyOf(lazy.keySet())).isEqualTo(List.copyOf(whole.keySet()));
        // read, not changed: still counted by its bytes
        assertThat(((LazyBsonArray) lazy.get("items")).undecodedBytes()).isEqualTo(estimatedItems(stored));
        assertThat(estimated).isPositive();
    }

    private static int estimatedItems(byte[] stored) {
        return EmbeddedStoreTypes.bson(new Document("items", phone().get("items"))).length - 4 - 1 - "items".length() - 2;
    }

    @Test
    @SuppressWarnings("unchecked")
    void changesLikeAnyList() {
        Document lazy = EmbeddedStoreTypes.lazily(Unpooled.wrappedBuffer(EmbeddedStoreTypes.bson(phone())));
        List<Object> items = (List<Object>) lazy.get("items");
        items.add(new Document("name", "new"));
        items.set(0, new Document("name", "first"));
        items.remove(1);
        assertThat(items).hasSize(150);
        assertThat(((LazyBsonArray) items).undecodedBytes()).isEqualTo(-1); // changed: a list of its own now
        assertThat(((Document) items.getFirst()).get("name")).isEqualTo("first");
        assertThat(((Document) items.getLast()).get("name")).isEqualTo("new");
        Document again = BsonDecoder.decodeBson(Unpooled.wrappedBuffer(EmbeddedStoreTypes.bson(lazy)));
        assertThat(again.get("items")).isEqualTo(items);
    }
}

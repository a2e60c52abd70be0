package org.deskfleet.query.client;

import org.bson.BsonBinaryWriter;
import org.deskfleet.query.BsonFields;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.deskfleet.query.ProjectionBatch;
import org.deskfleet.query.Utf8OutputBuffer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * A {@link ClientDocument} to and from BSON by hand, for the projection's own writes: the same document Spring Data's
 * mapping writes (the readers still read it through that mapping), without the mapping's reflection and type lookups
 * per field and per item, which were the largest share of a rebuild's CPU (docs/read-side.md, "Rebuild rate").
 * <p>
 * The shape is Spring Data's: {@code _id} for the device id, {@code _class} naming the type, instants as dates
 * (milliseconds), a {@code null} field left out, every list written (empty or not).
 */
final class ClientDocumentCodec implements ProjectionBatch.Codec<ClientDocument> {

    static final ClientDocumentCodec INSTANCE = new ClientDocumentCodec();
    private static final String CLASS = ClientDocument.class.getName();

    private ClientDocumentCodec() {
    }

    @Override
    public String id(ClientDocument d) {
        return d.deviceId;
    }

    @Override
    public Document encode(ClientDocument d) {
        Document out = new Document();
        out.put("_id", d.deviceId);
        put(out, "e164", d.e164);
        put(out, "deviceType", d.deviceType);
        put(out, "softwareType", d.softwareType);
        put(out, "softwareVersion", d.softwareVersion);
        put(out, "contactMeUri", d.contactMeUri);
        put(out, "ipAddress", d.ipAddress);
        put(out, "registeredAt", date(d.registeredAt));
        put(out, "updatedAt", date(d.updatedAt));
        out.put("inventoryComplete", d.inventoryComplete);
        out.put("secureMode", d.secureMode);
        put(out, "accessMode", d.accessMode);
        out.put("lastSequence", d.lastSequence);
        out.put("items", items(d.items));
        out.put("desired", desired(d.desired));
        out.put("_class", CLASS);
        return out;
    }

    /** The same document as {@link #encode}, field by field, written straight as BSON. */
    @Override
    public RawBsonDocument raw(ClientDocument d) {
        Utf8OutputBuffer buffer = Utf8OutputBuffer.forThread();
        try (BsonBinaryWriter w = new BsonBinaryWriter(buffer)) {
            w.writeStartDocument();
            w.writeString("_id", d.deviceId);
            BsonFields.string(w, "e164", d.e164);
            BsonFields.string(w, "deviceType", d.deviceType);
            BsonFields.string(w, "softwareType", d.softwareType);
            BsonFields.string(w, "softwareVersion", d.softwareVersion);
            BsonFields.string(w, "contactMeUri", d.contactMeUri);
            BsonFields.string(w, "ipAddress", d.ipAddress);
            BsonFields.date(w, "registeredAt", d.registeredAt);
            BsonFields.date(w, "updatedAt", d.updatedAt);
            w.writeBoolean("inventoryComplete", d.inventoryComplete);
            w.writeBoolean("secureMode", d.secureMode);
            BsonFields.string(w, "accessMode", d.accessMode);
            w.writeInt64("lastSequence", d.lastSequence);
            w.writeStartArray("items");
            if (d.items != null) {
                for (ClientDocument.Item i : d.items) {
                    w.writeStartDocument();
                    BsonFields.string(w, "name", i.name);
                    BsonFields.integer(w, "index", i.index);
                    BsonFields.string(w, "value", i.value);
                    BsonFields.string(w, "status", i.status);
                    w.writeBoolean("secret", i.secret);
                    BsonFields.string(w, "fingerprint", i.fingerprint);
                    w.writeEndDocument();
                }
            }
            w.writeEndArray();
            w.writeStartArray("desired");
            if (d.desired != null) {
                for (ClientDocument.Desired x : d.desired) {
                    w.writeStartDocument();
                    BsonFields.string(w, "parameter", x.parameter);
                    BsonFields.integer(w, "index", x.index);
                    BsonFields.string(w, "value", x.value);
                    w.writeBoolean("secret", x.secret);
                    BsonFields.string(w, "fingerprint", x.fingerprint);
                    BsonFields.string(w, "source", x.source);
                    BsonFields.string(w, "actor", x.actor);
                    BsonFields.date(w, "changedAt", x.changedAt);
                    w.writeEndDocument();
                }
            }
            w.writeEndArray();
            w.writeString("_class", CLASS);
            w.writeEndDocument();
        }
        return new RawBsonDocument(buffer.toByteArray());
    }

    private static List<Document> items(List<ClientDocument.Item> items) {
        List<Document> out = new ArrayList<>(items == null ? 0 : items.size());
        if (items != null) {
            for (ClientDocument.Item i : items) {
                Document x = new Document();
                put(x, "name", i.name);
                put(x, "index", i.index);
                put(x, "value", i.value);
                put(x, "status", i.status);
                x.put("secret", i.secret);
                put(x, "fingerprint", i.fingerprint);
                out.add(x);
            }
        }
        return out;
    }

    private static List<Document> desired(List<ClientDocument.Desired> desired) {
        List<Document> out = new ArrayList<>(desired == null ? 0 : desired.size());
        if (desired != null) {
            for (ClientDocument.Desired d : desired) {
                Document x = new Document();
                put(x, "parameter", d.parameter);
                put(x, "index", d.index);
                put(x, "value", d.value);
                x.put("secret", d.secret);
                put(x, "fingerprint", d.fingerprint);
                put(x, "source", d.source);
                put(x, "actor", d.actor);
                put(x, "changedAt", date(d.changedAt));
                out.add(x);
            }
        }
        return out;
    }

    @Override
    public ClientDocument decode(Document in) {
        ClientDocument d = new ClientDocument();
        d.deviceId = in.getString("_id");
        d.e164 = in.getString("e164");
        d.deviceType = in.getString("deviceType");
        d.softwareType = in.getString("softwareType");
        d.softwareVersion = in.getString("softwareVersion");
        d.contactMeUri = in.getString("contactMeUri");
        d.ipAddress = in.getString("ipAddress");
        d.registeredAt = instant(in.get("registeredAt"));
        d.updatedAt = instant(in.get("updatedAt"));
        d.inventoryComplete = bool(in.get("inventoryComplete"));
        d.secureMode = bool(in.get("secureMode"));
        // a field left out reads as the field's initial value, as the mapping reads it
        if (in.containsKey("accessMode")) {
            d.accessMode = in.getString("accessMode");
        }
        if (in.get("lastSequence") instanceof Number n) {
            d.lastSequence = n.longValue();
        }
        d.items = new ArrayList<>();
        if (in.get("items") instanceof List<?> items) {
            for (Object o : items) {
                Document x = (Document) o;
                d.items.add(new ClientDocument.Item(x.getString("name"), integer(x.get("index")), x.getString("value"),
                        x.getString("status"), bool(x.get("secret")), x.getString("fingerprint")));
            }
        }
        d.desired = new ArrayList<>();
        if (in.get("desired") instanceof List<?> desired) {
            for (Object o : desired) {
                Document x = (Document) o;
                ClientDocument.Desired y = new ClientDocument.Desired();
                y.parameter = x.getString("parameter");
                y.index = integer(x.get("index"));
                y.value = x.getString("value");
                y.secret = bool(x.get("secret"));
                y.fingerprint = x.getString("fingerprint");
                y.source = x.getString("source");
                y.actor = x.getString("actor");
                y.changedAt = instant(x.get("changedAt"));
                d.desired.add(y);
            }
        }
        return d;
    }

    private static void put(Document d, String key, Object value) {
        if (value != null) {
            d.put(key, value);
        }
    }

    private static Date date(Instant at) {
        return at == null ? null : Date.from(at);
    }

    private static Instant instant(Object value) {
        return value instanceof Date d ? d.toInstant() : null;
    }

    private static boolean bool(Object value) {
        return Boolean.TRUE.equals(value);
    }

    private static Integer integer(Object value) {
        return value instanceof Number n ? Integer.valueOf(n.intValue()) : null;
    }
}

package org.deskfleet.query;

import org.bson.BsonWriter;

import java.time.Instant;

/**
 * Fields written by hand as Spring Data's mapping writes them, for the codecs that write read-model documents
 * straight as BSON: a {@code null} is an absent field, an instant a date in milliseconds.
 */
public final class BsonFields {

    private BsonFields() {
    }

    public static void string(BsonWriter w, String name, String value) {
        if (value != null) {
            w.writeString(name, value);
        }
    }

    public static void integer(BsonWriter w, String name, Integer value) {
        if (value != null) {
            w.writeInt32(name, value);
        }
    }

    public static void date(BsonWriter w, String name, Instant value) {
        if (value != null) {
            w.writeDateTime(name, value.toEpochMilli());
        }
    }
}

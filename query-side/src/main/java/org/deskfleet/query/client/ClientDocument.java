package org.deskfleet.query.client;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A client in the read model. {@code lastSequence} is the aggregate sequence number of the last event
 * applied: an event at or below it is skipped, so a replay over existing documents changes nothing.
 * Last contact lives in {@link ClientContactDocument}: it is not derived from events and survives rebuilds.
 */
@Document("#{@readModels.name('clients')}")
public class ClientDocument {

    public static final String COLLECTION = "clients";

    @Id
    public String deviceId;
    public String e164;
    public String deviceType;
    public String softwareType;
    public String softwareVersion;
    public String contactMeUri;
    public String ipAddress;
    public Instant registeredAt;
    public Instant updatedAt;
    public boolean inventoryComplete;
    public boolean secureMode;
    public String accessMode = "DIRECT";
    public long lastSequence = -1;
    public List<Item> items = new ArrayList<>();
    public List<Desired> desired = new ArrayList<>();

    /** A desired parameter value; secret values are not kept here at all. */
    public static class Desired {
        public String parameter;
        public Integer index;
        public String value;
        public boolean secret;
        /** For a secret: the sealed form the phone will report for it (never shown; compared for drift). */
        public String fingerprint;
        public String source;
        public String actor;
        public java.time.Instant changedAt;
    }

    public static class Item {
        public String name;
        public Integer index;
        public String value;
        public String status;
        public boolean secret;
        /** For a secret item: its sealed form as reported (never shown; compared for drift). */
        public String fingerprint;

        public Item() {
        }

        public Item(String name, Integer index, String value, String status, boolean secret, String fingerprint) {
            this(name, index, value, status, secret);
            this.fingerprint = fingerprint;
        }

        public Item(String name, Integer index, String value, String status, boolean secret) {
            this.name = name;
            this.index = index;
            this.value = value;
            this.status = status;
            this.secret = secret;
        }
    }
}

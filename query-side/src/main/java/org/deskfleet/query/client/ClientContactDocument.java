package org.deskfleet.query.client;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/** When a phone last made contact, and from where. Written in batches, never from events. */
@Document(ClientContactDocument.COLLECTION)
public class ClientContactDocument {

    public static final String COLLECTION = "client_contacts";

    @Id
    public String deviceId;
    public Instant lastContact;
    public String remoteAddress;
}

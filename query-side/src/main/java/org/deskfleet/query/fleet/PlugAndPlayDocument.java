package org.deskfleet.query.fleet;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/** A Plug&amp;Play client in the read model. */
@Document(PlugAndPlayDocument.COLLECTION)
public class PlugAndPlayDocument {

    public static final String COLLECTION = "plug_and_play";

    @Id
    public String reservationId;
    public String deviceId;
    public String e164;
    public String deviceType;
    public boolean secureMode;
    public String templateId;
    public String claimedBy;
    public Instant createdAt;
    public Instant claimedAt;
}

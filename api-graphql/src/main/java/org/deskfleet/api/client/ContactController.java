package org.deskfleet.api.client;

import org.deskfleet.kernel.DeviceId;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.util.concurrent.CompletableFuture;

/** Contact-me for one phone, and address-range scans. */
@Controller
public class ContactController {

    private final PhoneContact contact;

    public ContactController(PhoneContact contact) {
        this.contact = contact;
    }

    @MutationMapping
    public CompletableFuture<PhoneContact.ContactResult> contactClient(@Argument String deviceId) {
        return contact.contact(DeviceId.parse(deviceId).value());
    }

    @MutationMapping
    public PhoneContact.ScanStatus scanNetwork(@Argument String address, @Argument String mask) {
        return contact.startScan(address, mask);
    }

    @QueryMapping
    public PhoneContact.ScanStatus scan(@Argument String id) {
        return contact.scan(id).orElse(null);
    }
}

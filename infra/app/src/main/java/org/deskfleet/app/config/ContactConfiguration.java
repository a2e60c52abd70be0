package org.deskfleet.app.config;

import org.deskfleet.kernel.InvalidInput;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.deskfleet.kernel.client.ClientView;
import org.deskfleet.kernel.client.FindClient;
import org.deskfleet.wpi.server.contactme.PhoneContact;
import org.deskfleet.query.client.ContactBatcher;
import org.deskfleet.wpi.server.contactme.ContactFence;
import org.deskfleet.wpi.server.contactme.ContactMeClient;
import org.deskfleet.wpi.server.contactme.ContactOutcome;
import org.deskfleet.wpi.server.contactme.IpRangeScanner;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Contact-me: one client for single phones (contact gap per phone, global rate), one slower for sweeps.
 * {@code deskfleet.contact-me.callback-address} (and port) go out as dls_ip_addr / dls_ip_port.
 */
@Configuration(proxyBeanMethods = false)
public class ContactConfiguration {

    @Bean(destroyMethod = "close")
    ContactMeClient contactMeClient(@Value("${deskfleet.contact-me.gap:300s}") Duration gap,
                                    @Value("${deskfleet.contact-me.max-per-second:20}") double rate,
                                    @Value("${deskfleet.contact-me.callback-address:#{null}}") String callback,
                                    @Value("${deskfleet.contact-me.callback-port:#{null}}") Integer callbackPort,
                                    @Value("${deskfleet.contact-me.allowed-networks:}") List<String> allowed) {
        return new ContactMeClient(new ContactMeClient.Settings(gap, rate, Duration.ofSeconds(5), callback, callbackPort,
                allowed.stream().filter(n -> !n.isBlank()).toList()), Clock.systemUTC());
    }

    @Bean
    PhoneContact phoneContact(ContactMeClient client, QueryGateway queries, ContactBatcher contacts,
                              @Value("${deskfleet.contact-me.scan-per-second:5}") double scanRate,
                              @Value("${deskfleet.contact-me.callback-address:#{null}}") String callback,
                              @Value("${deskfleet.contact-me.callback-port:#{null}}") Integer callbackPort,
                              @Value("${deskfleet.contact-me.phone-port:8085}") int phonePort,
                              @Value("${deskfleet.contact-me.allowed-networks:}") List<String> allowed) {
        ContactMeClient sweeper = new ContactMeClient(new ContactMeClient.Settings(Duration.ZERO, scanRate,
                Duration.ofSeconds(3), callback, callbackPort, allowed.stream().filter(n -> !n.isBlank()).toList()),
                Clock.systemUTC());
        IpRangeScanner scanner = new IpRangeScanner(sweeper, phonePort);
        ContactFence fence = new ContactFence(phonePort, allowed.stream().filter(n -> !n.isBlank()).toList());
        return new PhoneContact() {
            @Override
            public CompletableFuture<ContactResult> contact(String deviceId) {
                // Only the address: the phone's items are not needed to ask it to call.
                return queries.query(new org.deskfleet.kernel.client.FindClientsByIds(List.of(deviceId)),
                                org.deskfleet.kernel.client.ClientPage.class)
                        .thenCompose(page -> {
                            ClientView c = page.nodes().stream().findFirst()
                                    .orElseThrow(() -> new InvalidInput("unknown device " + deviceId));
                            // The phone's own address, not what it (or an impostor) reported, unless widened.
                            ContactFence.Target target = fence.target(c.contactMeUri(),
                                    contacts.lastAddress(c.deviceId()).orElse(null));
                            if (!target.allowed()) {
                                return CompletableFuture.completedFuture(new ContactOutcome(c.deviceId(),
                                        ContactOutcome.Result.BLOCKED, 0, target.refusal(), java.time.Instant.now()));
                            }
                            return client.contact(deviceId, target.uri());
                        })
                        .thenApply(o -> new ContactResult(o.deviceId(), o.result().name(), o.httpStatus(), o.detail()));
            }

            @Override
            public ScanStatus startScan(String address, String mask) {
                return status(scanner.start(address, mask, p -> { }).progress());
            }

            @Override
            public Optional<ScanStatus> scan(String id) {
                return scanner.find(id).map(s -> status(s.progress()));
            }
        };
    }

    /** The API's contact-me port, answered by the WPI adapter's (the API knows no adapter). */
    @Bean
    org.deskfleet.api.client.PhoneContact apiPhoneContact(PhoneContact contact) {
        return new org.deskfleet.api.client.PhoneContact() {
            @Override
            public CompletableFuture<ContactResult> contact(String deviceId) {
                return contact.contact(deviceId).thenApply(r -> new ContactResult(r.deviceId(), r.result(), r.httpStatus(), r.detail()));
            }

            @Override
            public ScanStatus startScan(String address, String mask) {
                return api(contact.startScan(address, mask));
            }

            @Override
            public Optional<ScanStatus> scan(String id) {
                return contact.scan(id).map(s -> api(s));
            }
        };
    }

    private static org.deskfleet.api.client.PhoneContact.ScanStatus api(PhoneContact.ScanStatus s) {
        return new org.deskfleet.api.client.PhoneContact.ScanStatus(s.id(), s.total(), s.sent(), s.acknowledged(),
                s.refused(), s.unreachable(), s.timedOut(), s.done());
    }

    private static PhoneContact.ScanStatus status(IpRangeScanner.ScanProgress p) {
        return new PhoneContact.ScanStatus(p.id(), p.total(), p.sent(), p.acknowledged(), p.refused(), p.unreachable(),
                p.timedOut(), p.done());
    }
}

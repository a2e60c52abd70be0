package org.deskfleet.command.client;

import org.deskfleet.kernel.InvalidInput;
import org.deskfleet.kernel.Conflict;

import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.DeviceId;
import org.deskfleet.kernel.E164;
import org.deskfleet.kernel.ItemChange;
import org.deskfleet.kernel.ItemKeys;
import org.deskfleet.kernel.ReportedItem;
import org.deskfleet.kernel.client.ApplyJobConfiguration;
import org.deskfleet.kernel.client.ChangeClientConfiguration;
import org.deskfleet.kernel.client.ClientAccessModeChanged;
import org.deskfleet.kernel.client.ApproveClient;
import org.deskfleet.kernel.client.ClientApproved;
import org.deskfleet.kernel.client.ClientDeleted;
import org.deskfleet.kernel.client.ClientQuarantined;
import org.deskfleet.kernel.system.UnknownPhones;
import org.deskfleet.kernel.client.DeleteClient;
import org.deskfleet.kernel.client.RecordClientAccessMode;
import org.deskfleet.kernel.client.ClientConfigurationChanged;
import org.deskfleet.kernel.client.ClientEnteredSecureMode;
import org.deskfleet.kernel.client.RevertClientConfiguration;
import org.deskfleet.kernel.configuration.ParameterChange;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.kernel.client.ClientEvent;
import org.deskfleet.kernel.client.ClientIdentity;
import org.deskfleet.kernel.client.ClientIdentityChanged;
import org.deskfleet.kernel.client.ClientItemsReported;
import org.deskfleet.kernel.client.ClientRegistered;
import org.deskfleet.kernel.client.RecordReportedItems;
import org.deskfleet.kernel.client.RegisterClient;
import org.deskfleet.kernel.client.RegistrationOutcome;
import org.deskfleet.kernel.secret.SecretItems;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Client's decisions as pure functions: {@code decide(command, state) -> events} and
 * {@code evolve(state, event) -> state}. No framework, no clock, no I/O: the aggregate feeds them and
 * applies what they return, and the tests call them directly.
 */
public final class ClientDecider {

    /** Identity items are shown as fields of the client, not as plain items. */
    static final List<String> IDENTITY_ITEMS = List.of(
            "e164", "device-type", "software-type", "software-version", "contact-me-uri", "ip-address");

    private ClientDecider() {
    }

    public record Decision(List<ClientEvent> events, RegistrationOutcome outcome) {
    }

    public static Decision decide(RegisterClient c, ClientState s) {
        DeviceId.parse(c.deviceId());
        Map<String, ReportedItem> reported = index(c.items());
        ClientIdentity identity = identityOf(reported, c.remoteAddress(), s.identity());
        // V2R2+ local changes carry the changed items themselves: no full read needed for them.
        boolean attached = flag(reported, "configuration-attached-flag");
        boolean changedFlag = flag(reported, "configuration-changed-flag") && !attached;
        List<ClientEvent> events = new ArrayList<>();
        if (s.secureMode() && !c.secureChannel()) {
            // After bootstrapping the default port is closed to this phone: a downgrade is refused, not recorded.
            return new Decision(List.of(), RegistrationOutcome.refused("device is in secure mode; use the secure port"));
        }
        if (!s.exists() && c.unknownPhones() == UnknownPhones.QUARANTINE) {
            // Nothing the phone said is proven: its claimed identity only, no items, and nothing for it.
            return new Decision(List.of(new ClientQuarantined(c.deviceId(), identity, c.reason(), ChangeSource.PHONE, c.at())),
                    RegistrationOutcome.quarantined(true));
        }
        if (s.quarantined()) {
            // Until approved, a later contact changes nothing: a rogue MAC cannot grow its record by calling again.
            return new Decision(List.of(), RegistrationOutcome.quarantined(false));
        }
        if (!s.exists()) {
            events.add(new ClientRegistered(c.deviceId(), identity, c.reason(), ChangeSource.PHONE, c.at()));
            if (c.secureChannel()) {
                events.add(new ClientEnteredSecureMode(c.deviceId(), c.at()));
            }
            List<ItemChange> changes = itemChanges(ClientState.INITIAL, reported, false);
            if (!changes.isEmpty()) {
                events.add(new ClientItemsReported(c.deviceId(), changes, false, c.reason(), ChangeSource.PHONE, c.at()));
            }
            return new Decision(events, new RegistrationOutcome(true, true));
        }
        if (c.secureChannel() && !s.secureMode()) {
            events.add(new ClientEnteredSecureMode(c.deviceId(), c.at()));
        }
        List<ItemChange> identityChanges = identityChanges(s.identity(), identity);
        if (!identityChanges.isEmpty()) {
            events.add(new ClientIdentityChanged(c.deviceId(), identityChanges, identity, c.reason(), ChangeSource.PHONE, c.at()));
        }
        List<ItemChange> changes = itemChanges(s, reported, false);
        if (!changes.isEmpty()) {
            events.add(new ClientItemsReported(c.deviceId(), changes, false, c.reason(), ChangeSource.PHONE, c.at()));
        }
        return new Decision(events, new RegistrationOutcome(false, changedFlag || !s.inventoryComplete()));
    }

    public static List<ClientEvent> decide(RecordReportedItems c, ClientState s) {
        requireRegistered(s, c.deviceId());
        Map<String, ReportedItem> reported = index(c.items());
        List<ClientEvent> events = new ArrayList<>();
        // A full read also tells the identity; the phone may have been changed behind our back.
        if (c.complete()) {
            ClientIdentity identity = identityOf(reported, null, s.identity());
            List<ItemChange> identityChanges = identityChanges(s.identity(), identity);
            if (!identityChanges.isEmpty()) {
                events.add(new ClientIdentityChanged(c.deviceId(), identityChanges, identity, c.reason(), ChangeSource.PHONE, c.at()));
            }
        }
        List<ItemChange> changes = itemChanges(s, reported, c.complete());
        // The first complete read is worth an event even if nothing differs: it marks the inventory as known.
        if (!changes.isEmpty() || (c.complete() && !s.inventoryComplete())) {
            events.add(new ClientItemsReported(c.deviceId(), changes, c.complete(), c.reason(), ChangeSource.PHONE, c.at()));
        }
        return events;
    }

    /**
     * Desired values, already validated, normalised and with secrets encrypted (the aggregate does that):
     * an event with the slots whose value really changes, or nothing.
     */
    public static List<ClientEvent> decide(ChangeClientConfiguration c, ClientState s, java.util.function.Predicate<String> secret) {
        requireRegistered(s, c.deviceId());
        List<ParameterChange> changes = new ArrayList<>();
        Map<String, ParameterValue> last = new LinkedHashMap<>();
        c.changes().forEach(v -> last.put(v.slot(), v));
        for (ParameterValue v : last.values()) {
            String old = s.desired().get(v.slot());
            if (!Objects.equals(old, v.value())) {
                changes.add(new ParameterChange(v.parameter(), v.index(), old, v.value(), secret.test(v.parameter())));
            }
        }
        return changes.isEmpty() ? List.of()
                : List.of(new ClientConfigurationChanged(c.deviceId(), changes, c.source(), c.actor(), c.reason(),
                c.correlationId(), c.at()));
    }

    /**
     * A job's values that are still news for this client: a slot whose desired value was changed after the
     * job was created keeps the newer value (a replayed job never undoes later work).
     */
    public static ChangeClientConfiguration stillCurrent(ApplyJobConfiguration c, ClientState s) {
        requireRegistered(s, c.deviceId());
        List<ParameterValue> current = c.changes().stream()
                .filter(v -> !s.changedAfter(v.slot(), c.jobCreatedAt()))
                .toList();
        return new ChangeClientConfiguration(c.deviceId(), current, ChangeSource.ADMIN, c.actor(), c.reason(), c.jobId(),
                c.jobCreatedAt());
    }

    /** Back to the desired values of an earlier time, as ordinary changes with source REVERT. */
    public static List<ClientEvent> decide(RevertClientConfiguration c, ClientState s) {
        requireRegistered(s, c.deviceId());
        if (c.to().isAfter(c.at())) {
            throw new InvalidInput("cannot revert to a time in the future: " + c.to());
        }
        Map<String, ClientState.DesiredEntry> target = s.desiredAt(c.to());
        List<ParameterChange> changes = new ArrayList<>();
        java.util.Set<String> slots = new java.util.TreeSet<>(s.desired().keySet());
        slots.addAll(target.keySet());
        for (String slot : slots) {
            String now = s.desired().get(slot);
            ClientState.DesiredEntry then = target.get(slot);
            String thenValue = then == null ? null : then.value();
            if (!Objects.equals(now, thenValue)) {
                ClientState.DesiredEntry any = then != null ? then : lastEntry(s, slot);
                changes.add(new ParameterChange(any.parameter(), any.index(), now, thenValue, any.secret()));
            }
        }
        return changes.isEmpty() ? List.of()
                : List.of(new ClientConfigurationChanged(c.deviceId(), changes, ChangeSource.REVERT, c.actor(),
                c.reason() == null ? "revert to " + c.to() : c.reason(), c.correlationId(), c.at()));
    }

    private static ClientState.DesiredEntry lastEntry(ClientState s, String slot) {
        for (int i = s.desiredLog().size() - 1; i >= 0; i--) {
            if (s.desiredLog().get(i).slot().equals(slot)) {
                return s.desiredLog().get(i);
            }
        }
        throw new Conflict("no history for " + slot);
    }

    private static void requireRegistered(ClientState s, String deviceId) {
        if (!s.exists()) {
            throw new Conflict("device " + deviceId + " is not registered");
        }
        if (s.quarantined()) {
            throw new Conflict("device " + deviceId + " is quarantined: approve it first (approveClients)");
        }
    }

    public static List<ClientEvent> decide(RecordClientAccessMode c, ClientState s) {
        if (s.quarantined()) {
            return List.of();  // a quarantined MAC polling DCMP is not recorded: it gets nothing and grows nothing
        }
        requireRegistered(s, c.deviceId());
        return s.accessMode() == c.mode() ? List.of()
                : List.of(new ClientAccessModeChanged(c.deviceId(), s.accessMode(), c.mode(), c.at()));
    }

    public static List<ClientEvent> decide(DeleteClient c, ClientState s) {
        if (!s.exists()) {
            throw new InvalidInput("unknown device " + c.deviceId());
        }
        return List.of(new ClientDeleted(s.deviceId(), c.actor(), c.at()));
    }

    /** Approval of a quarantined phone; an approved one stays as it is (nothing to record twice). */
    public static List<ClientEvent> decide(ApproveClient c, ClientState s) {
        if (!s.exists()) {
            throw new InvalidInput("unknown device " + c.deviceId());
        }
        return s.quarantined()
                ? List.of(new ClientApproved(s.deviceId(), s.identity(), c.actor(), c.reason(), c.at()))
                : List.of();
    }

    public static ClientState evolve(ClientState s, ClientEvent e) {
        return switch (e) {
            case ClientRegistered r -> s.registered(r.deviceId(), r.identity());
            case ClientIdentityChanged i -> s.withIdentity(i.identity());
            case ClientItemsReported r -> {
                ClientState next = s.withChanges(r.changes());
                yield r.complete() ? next.withInventoryComplete() : next;
            }
            case ClientEnteredSecureMode m -> s.inSecureMode();
            case ClientConfigurationChanged c -> s.withDesired(c.changes(), c.at());
            case ClientAccessModeChanged m -> s.withAccessMode(m.after());
            // Forgotten: a phone calling in again is registered like a new one.
            case ClientDeleted d -> ClientState.INITIAL;
            case ClientQuarantined q -> s.quarantined(q.deviceId(), q.identity());
            case ClientApproved a -> s.approved();
        };
    }

    private static boolean flag(Map<String, ReportedItem> reported, String name) {
        ReportedItem i = reported.get(name);
        return i != null && "true".equalsIgnoreCase(i.value().strip());
    }

    private static Map<String, ReportedItem> index(List<ReportedItem> items) {
        Map<String, ReportedItem> byKey = new LinkedHashMap<>();
        for (ReportedItem i : items) {
            byKey.put(i.key(), i);
        }
        return byKey;
    }

    private static List<ItemChange> itemChanges(ClientState s, Map<String, ReportedItem> reported, boolean complete) {
        List<ItemChange> changes = new ArrayList<>();
        for (ReportedItem r : reported.values()) {
            if (ItemKeys.VOLATILE.contains(r.name())) {
                continue;
            }
            ClientState.Item known = s.items().get(r.key());
            if (known == null || !Objects.equals(known.value(), r.value()) || !Objects.equals(known.status(), r.status())) {
                changes.add(new ItemChange(r.name(), r.index(), known == null ? null : known.value(), r.value(),
                        r.status(), SecretItems.isSecret(r.name())));
            }
        }
        if (complete) {
            for (ClientState.Item known : s.items().values()) {
                String key = ItemKeys.key(known.name(), known.index());
                if (!reported.containsKey(key)) {
                    changes.add(new ItemChange(known.name(), known.index(), known.value(), null, null,
                            SecretItems.isSecret(known.name())));
                }
            }
        }
        return changes;
    }

    static ClientIdentity identityOf(Map<String, ReportedItem> reported, String remoteAddress, ClientIdentity previous) {
        String e164 = value(reported, "e164") == null ? previous.e164()
                : E164.tryParse(value(reported, "e164")).map(E164::value).orElse(null);
        String contactMe = firstNonNull(value(reported, "contact-me-uri"), previous.contactMeUri());
        // The phone's own view of its address beats the TCP peer, which may be a NAT. Most requests carry the
        // contact-me URI but not the address: its host stands for the address only when nothing better is
        // known or when the URI itself changed; else an address the phone reported would flip to the URI's
        // host (which may differ: a proxy, a listener on another interface) and back at every request.
        String uri = value(reported, "contact-me-uri");
        boolean uriChanged = uri != null && !uri.equals(previous.contactMeUri());
        String ip = firstNonNull(value(reported, "ipaddress"), uriChanged ? hostOf(uri) : null,
                previous.ipAddress(), hostOf(uri), remoteAddress);
        return new ClientIdentity(e164,
                firstNonNull(value(reported, "device-type"), previous.deviceType()),
                firstNonNull(value(reported, "software-type"), previous.softwareType()),
                firstNonNull(value(reported, "software-version"), previous.softwareVersion()),
                contactMe, ip);
    }

    private static List<ItemChange> identityChanges(ClientIdentity before, ClientIdentity after) {
        List<ItemChange> changes = new ArrayList<>();
        add(changes, "e164", before.e164(), after.e164());
        add(changes, "device-type", before.deviceType(), after.deviceType());
        add(changes, "software-type", before.softwareType(), after.softwareType());
        add(changes, "software-version", before.softwareVersion(), after.softwareVersion());
        add(changes, "contact-me-uri", before.contactMeUri(), after.contactMeUri());
        add(changes, "ip-address", before.ipAddress(), after.ipAddress());
        return changes;
    }

    private static void add(List<ItemChange> changes, String name, String before, String after) {
        if (!Objects.equals(before, after)) {
            changes.add(new ItemChange(name, null, before, after, null, false));
        }
    }

    private static String value(Map<String, ReportedItem> reported, String name) {
        ReportedItem i = reported.get(name);
        if (i == null || i.status() != null) {
            return null;
        }
        String v = i.value().strip();
        return v.isEmpty() ? null : v;
    }

    private static String hostOf(String uri) {
        if (uri == null) {
            return null;
        }
        try {
            return URI.create(uri.strip()).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}

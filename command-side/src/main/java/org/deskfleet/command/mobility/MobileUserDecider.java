package org.deskfleet.command.mobility;

import org.deskfleet.kernel.InvalidInput;
import org.deskfleet.kernel.Conflict;

import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.E164;
import org.deskfleet.kernel.configuration.ParameterChange;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.kernel.mobility.ChangeMobileUserConfiguration;
import org.deskfleet.kernel.mobility.DeleteMobileUser;
import org.deskfleet.kernel.mobility.LogOffMobileUser;
import org.deskfleet.kernel.mobility.LogOnMobileUser;
import org.deskfleet.kernel.mobility.MobileUserConfigurationChanged;
import org.deskfleet.kernel.mobility.MobileUserDeleted;
import org.deskfleet.kernel.mobility.MobileUserEvent;
import org.deskfleet.kernel.mobility.MobileUserLoggedOff;
import org.deskfleet.kernel.mobility.MobileUserLoggedOn;
import org.deskfleet.kernel.mobility.MobileUserProfileStored;
import org.deskfleet.kernel.mobility.MobileUserRegistered;
import org.deskfleet.kernel.mobility.MobilityAction;
import org.deskfleet.kernel.mobility.MobilityActionPlanned;
import org.deskfleet.kernel.mobility.PlanMobilityAction;
import org.deskfleet.kernel.mobility.PrepareMobileUserLogon;
import org.deskfleet.kernel.mobility.ProfileItem;
import org.deskfleet.kernel.mobility.RegisterMobileUser;
import org.deskfleet.kernel.mobility.RevertMobileUserConfiguration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The mobile user's decisions, pure: {@code decide(command, state) -> events} and {@code evolve(state, event)}.
 * Encryption and password comparison come in as functions, so no key material is needed here.
 *
 * <p>A user logged on at one phone who logs on at another is refused until logged off at the first: the
 * profile on the first phone would otherwise be lost, since only a logoff reads it back (docs/mobility.md).
 */
public final class MobileUserDecider {

    /** Longest password accepted; phones take short numeric ones, operators may set longer. */
    static final int MAX_PASSWORD = 64;

    private MobileUserDecider() {
    }

    /** @param encrypt turns the clear password into ciphertext under the user's key; called only once all checks pass */
    public static List<MobileUserEvent> decide(RegisterMobileUser c, MobileUserState s, Function<String, String> encrypt) {
        E164 number = number(c.e164());
        if (s.registered()) {
            throw new Conflict("E164 user already exists: " + number);
        }
        String name = c.name() == null || c.name().isBlank() ? null : c.name().strip();
        if (name != null && name.length() > 200) {
            throw new InvalidInput("name of mobile user " + number + " is longer than 200 characters");
        }
        checkPassword(c.password(), number);
        return List.of(new MobileUserRegistered(number.value(), name, encrypt.apply(c.password()), c.actor(), c.reason(), c.at()));
    }

    public static List<MobileUserEvent> decide(DeleteMobileUser c, MobileUserState s) {
        requireRegistered(s, c.e164());
        if (s.loggedOn()) {
            throw new Conflict("mobile user " + c.e164() + " is logged on at " + s.loggedOnAt()
                    + "; log the user off before deleting");
        }
        return List.of(new MobileUserDeleted(c.e164(), c.actor(), c.reason(), c.at()));
    }

    /** Values already validated and with secrets encrypted (the aggregate does that): the slots that really change. */
    public static List<MobileUserEvent> decide(ChangeMobileUserConfiguration c, MobileUserState s, Predicate<String> secret) {
        requireRegistered(s, c.e164());
        Map<String, ParameterValue> last = new LinkedHashMap<>();
        c.changes().forEach(v -> last.put(v.slot(), v));
        List<ParameterChange> changes = new ArrayList<>();
        for (ParameterValue v : last.values()) {
            String old = s.desired().get(v.slot());
            if (!Objects.equals(old, v.value())) {
                changes.add(new ParameterChange(v.parameter(), v.index(), old, v.value(), secret.test(v.parameter())));
            }
        }
        return changes.isEmpty() ? List.of() : List.of(new MobileUserConfigurationChanged(c.e164(), changes, c.source(),
                c.actor(), c.reason(), c.correlationId(), c.deviceId(), c.at()));
    }

    public static List<MobileUserEvent> decide(RevertMobileUserConfiguration c, MobileUserState s) {
        requireRegistered(s, c.e164());
        if (c.to() == null || c.to().isAfter(c.at())) {
            throw new InvalidInput("cannot revert to a time in the future: " + c.to());
        }
        Map<String, MobileUserState.DesiredEntry> target = s.desiredAt(c.to());
        Set<String> slots = new TreeSet<>(s.desired().keySet());
        slots.addAll(target.keySet());
        List<ParameterChange> changes = new ArrayList<>();
        for (String slot : slots) {
            String now = s.desired().get(slot);
            MobileUserState.DesiredEntry then = target.get(slot);
            String thenValue = then == null ? null : then.value();
            if (!Objects.equals(now, thenValue)) {
                MobileUserState.DesiredEntry any = then != null ? then : lastEntry(s, slot);
                changes.add(new ParameterChange(any.parameter(), any.index(), now, thenValue, any.secret()));
            }
        }
        return changes.isEmpty() ? List.of() : List.of(new MobileUserConfigurationChanged(c.e164(), changes,
                ChangeSource.REVERT, c.actor(), c.reason() == null ? "revert to " + c.to() : c.reason(), c.correlationId(),
                null, c.at()));
    }

    /**
     * @param passwordMatches whether a password typed at a phone is the user's; asked only for logons from
     *                        the phone (an operator's logon needs none)
     */
    public static List<MobileUserEvent> decide(LogOnMobileUser c, MobileUserState s, Predicate<String> passwordMatches) {
        requireRegistered(s, c.e164());
        String device = requireDevice(c.deviceId());
        if (c.source() == ChangeSource.PHONE && (c.password() == null || !passwordMatches.test(c.password()))) {
            throw new SecurityException("wrong mobility password for user " + c.e164() + " at " + device);
        }
        if (s.loggedOn()) {
            if (s.loggedOnAt().equals(device)) {
                return List.of();  // the same logon again (a phone repeating itself): nothing new
            }
            throw new Conflict("mobile user " + c.e164() + " is logged on at " + s.loggedOnAt()
                    + "; log off there first");
        }
        return List.of(new MobileUserLoggedOn(c.e164(), device, c.source(), c.actor(), c.reason(), c.at(), c.correlationId()));
    }

    /** The profile read at the phone is stored first, so the logoff never loses what the user had there. */
    public static List<MobileUserEvent> decide(LogOffMobileUser c, MobileUserState s) {
        requireRegistered(s, c.e164());
        if (!s.loggedOn()) {
            throw new Conflict("mobile user " + c.e164() + " is not logged on");
        }
        if (c.deviceId() != null && !s.loggedOnAt().equals(c.deviceId())) {
            throw new Conflict("mobile user " + c.e164() + " is logged on at " + s.loggedOnAt()
                    + ", not at " + c.deviceId());
        }
        List<MobileUserEvent> events = new ArrayList<>();
        List<ProfileItem> changed = c.profile().stream().filter(p -> !p.equals(s.profile().get(p.name()))).toList();
        if (!changed.isEmpty()) {
            Map<String, ProfileItem> next = new LinkedHashMap<>(s.profile());
            changed.forEach(p -> next.put(p.name(), p));
            long size = next.values().stream().mapToLong(ProfileItem::size).sum();
            events.add(new MobileUserProfileStored(c.e164(), s.loggedOnAt(), changed, size, c.at()));
        }
        events.add(new MobileUserLoggedOff(c.e164(), s.loggedOnAt(), c.source(), c.actor(), c.reason(), c.at(), c.correlationId()));
        return events;
    }

    public static List<MobileUserEvent> decide(PlanMobilityAction c, MobileUserState s) {
        requireRegistered(s, c.e164());
        if (c.action() == null) {
            throw new InvalidInput("a planned mobility action needs LOGON or LOGOFF");
        }
        if (c.plannedAt() == null || !c.plannedAt().isAfter(c.at())) {
            throw new InvalidInput("planned time must be in the future: " + c.plannedAt());
        }
        if (c.action() == MobilityAction.LOGON) {
            requireDevice(c.deviceId());
        }
        return List.of(new MobilityActionPlanned(c.e164(), c.action(), c.action() == MobilityAction.LOGON ? c.deviceId() : null,
                c.plannedAt(), c.actor(), c.reason(), c.at()));
    }

    /**
     * Whether the user can be logged on at {@code deviceId} now (a logon job asks just before it writes the
     * user's values to the phone); refuses as the logon itself would. Logged on there already is fine: the
     * phone gets the same values again.
     */
    public static void decide(PrepareMobileUserLogon c, MobileUserState s) {
        requireRegistered(s, c.e164());
        String device = requireDevice(c.deviceId());
        if (s.loggedOn() && !s.loggedOnAt().equals(device)) {
            throw new Conflict("mobile user " + c.e164() + " is logged on at " + s.loggedOnAt()
                    + "; log off there first");
        }
    }

    /**
     * Whether the forced logoff of one logon (OSEM 13.5) is still due: only when the user is still logged on
     * from that very logon; a logoff and a new logon in between make it void. When due, a logoff job does it,
     * so the phone learns of it too.
     */
    public static boolean forcedLogoffDue(MobileUserState s, String deviceId, Instant loggedOnAt) {
        return s.registered() && deviceId.equals(s.loggedOnAt()) && loggedOnAt.equals(s.lastLogin());
    }

    public static MobileUserState evolve(MobileUserState s, MobileUserEvent e) {
        return switch (e) {
            case MobileUserRegistered r -> MobileUserState.registered(r.e164(), r.name(), r.password());
            case MobileUserDeleted d -> s.deleted();
            case MobileUserConfigurationChanged c -> s.withDesired(c.changes(), c.at());
            case MobileUserLoggedOn on -> s.loggedOnAt(on.deviceId(), on.at());
            case MobileUserLoggedOff off -> s.loggedOff(off.at());
            case MobileUserProfileStored p -> s.withProfile(p.items());
            case MobilityActionPlanned p -> s;
        };
    }

    static E164 number(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidInput("the E.164 number of a mobile user is required");
        }
        return new E164(raw);
    }

    private static void checkPassword(String password, E164 number) {
        if (password == null || password.isBlank()) {
            throw new InvalidInput("mobile user " + number + " needs a password (typed at the phone to log on)");
        }
        if (password.length() > MAX_PASSWORD) {
            throw new InvalidInput("password of mobile user " + number + " is longer than " + MAX_PASSWORD + " characters");
        }
    }

    private static String requireDevice(String deviceId) {
        if (deviceId == null || deviceId.isBlank()) {
            throw new InvalidInput("a logon needs the device id of the phone");
        }
        return deviceId;
    }

    private static void requireRegistered(MobileUserState s, String e164) {
        if (!s.registered()) {
            throw new Conflict("unknown mobile user " + e164);
        }
    }

    private static MobileUserState.DesiredEntry lastEntry(MobileUserState s, String slot) {
        for (int i = s.desiredLog().size() - 1; i >= 0; i--) {
            if (s.desiredLog().get(i).slot().equals(slot)) {
                return s.desiredLog().get(i);
            }
        }
        throw new Conflict("no history for " + slot);
    }
}

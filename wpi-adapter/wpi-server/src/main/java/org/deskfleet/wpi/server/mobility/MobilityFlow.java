package org.deskfleet.wpi.server.mobility;

import org.deskfleet.kernel.ChangeSource;
import org.deskfleet.kernel.E164;
import org.deskfleet.kernel.catalog.CatalogEntry;
import org.deskfleet.kernel.catalog.ParameterCatalog;
import org.deskfleet.kernel.catalog.Scope;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.kernel.mobility.ChangeMobileUserConfiguration;
import org.deskfleet.kernel.mobility.LogOffMobileUser;
import org.deskfleet.kernel.mobility.LogOnMobileUser;
import org.deskfleet.kernel.mobility.LogonGrant;
import org.deskfleet.kernel.mobility.ProfileItem;
import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.PhoneMessage;
import org.deskfleet.wpi.codec.Reason;
import org.deskfleet.wpi.codec.WpiItem;
import org.deskfleet.wpi.server.interaction.Interaction.Outgoing;
import org.deskfleet.wpi.server.interaction.Interaction.Purpose;
import org.deskfleet.wpi.server.interaction.MobilityHook;
import org.deskfleet.wpi.server.work.ParameterItems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logon and logoff of mobile users from the phone (docs/mobility.md). Phones say it with
 * {@code inventory-changes}:
 * <ul>
 *   <li>logon: {@code sip-mobility-state} 2 (interim) with the number and password typed at the phone; the
 *       phone gets the user's number and settings ({@code WriteItems}), or a {@code CleanUp} saying why not;</li>
 *   <li>after the phone restarted its services: {@code requested-items} names the user-data files it wants;
 *       it gets them from the user's profile;</li>
 *   <li>logoff: {@code modified-items} names the user-data files the user changed there; they are read
 *       ({@code ReadItems}), stored as the user's new profile, and the phone gets its own number and values back.</li>
 * </ul>
 * A {@code local-changes} report from a phone a user is logged on at changes the user's own values of the
 * user-scope parameters it carries (source PHONE). Nothing the phone types is recorded before it is proven:
 * a logon's number and password never reach the client's record.
 */
public final class MobilityFlow implements MobilityHook {

    private static final Logger log = LoggerFactory.getLogger(MobilityFlow.class);

    public enum Kind { LOGON, PROFILE, LOGOFF, LOCAL_CHANGE }

    /** Items of a request, not of the phone's state: never recorded on the client. */
    private static final Set<String> REQUESTS = Set.of("requested-items", "modified-items");
    /** Typed at the phone for a logon: the user's, not the phone's, and unproven until the logon succeeds. */
    private static final Set<String> TYPED = Set.of("e164", "user-pwd", "user-pwd-unicode");

    private final MobilityPort port;
    private final ParameterItems items;
    private final ParameterCatalog catalog;
    private final Clock clock;
    /** The user whose logoff awaits the phone's user-data files, per device (one interaction per device at a time). */
    private final Map<String, PendingLogoff> logoffs = new ConcurrentHashMap<>();
    /**
     * What each phone was given at its user's logon, until the logoff there: the profile the restarted phone
     * asks for a moment later, and the settings to undo, straight from the aggregate (the read model may not
     * show the logon yet). After a restart of this server the read model answers instead.
     */
    private final LogonGrants granted;

    private record PendingLogoff(String e164, String basicE164, List<String> slots) {
    }

    public MobilityFlow(MobilityPort port, ParameterItems items, ParameterCatalog catalog, Clock clock) {
        this(port, items, catalog, clock, new LogonGrants());
    }

    /** @param granted shared with the mobility jobs of this server */
    public MobilityFlow(MobilityPort port, ParameterItems items, ParameterCatalog catalog, Clock clock, LogonGrants granted) {
        this.granted = granted;
        this.port = port;
        this.items = items;
        this.catalog = catalog;
        this.clock = clock;
    }

    public static Optional<Kind> kind(PhoneMessage m) {
        if (m.reason() == Reason.LOCAL_CHANGES) {
            return Optional.of(Kind.LOCAL_CHANGE);
        }
        if (m.reason() != Reason.INVENTORY_CHANGES) {
            return Optional.empty();
        }
        if (m.item("requested-items").isPresent()) {
            return Optional.of(Kind.PROFILE);
        }
        if (m.item("modified-items").isPresent()) {
            return Optional.of(Kind.LOGOFF);
        }
        return m.item("sip-mobility-state").map(String::strip).filter("2"::equals).map(s -> Kind.LOGON);
    }

    /** The items of a first message that describe the phone itself, for its client record. */
    @Override
    public List<WpiItem> clientItems(PhoneMessage m) {
        Optional<Kind> kind = kind(m);
        if (kind.isEmpty() || kind.get() == Kind.LOCAL_CHANGE) {
            return m.items();
        }
        return m.items().stream()
                .filter(i -> !REQUESTS.contains(i.name()))
                .filter(i -> kind.get() != Kind.LOGON || !TYPED.contains(i.name()))
                .toList();
    }

    /** Called once the phone's report is stored: what the mobility request needs sent first. */
    @Override
    public CompletableFuture<Step> start(PhoneMessage m, String deviceId) {
        Optional<Kind> kind = kind(m);
        if (kind.isEmpty()) {
            return CompletableFuture.completedFuture(Step.NOTHING);
        }
        CompletableFuture<Step> step = switch (kind.get()) {
            case LOGON -> logon(m, deviceId);
            case PROFILE -> profile(m, deviceId);
            case LOGOFF -> logoff(m, deviceId);
            case LOCAL_CHANGE -> localChange(m, deviceId).thenApply(v -> Step.NOTHING);
        };
        return step;
    }

    /** The phone's answer to a message this flow sent ({@link Purpose#MOBILITY}). */
    @Override
    public CompletableFuture<Step> replied(String deviceId, Action action, List<WpiItem> reported) {
        if (action != Action.READ_ITEMS) {
            return CompletableFuture.completedFuture(Step.NOTHING);
        }
        PendingLogoff pending = logoffs.remove(deviceId);
        if (pending == null) {
            return CompletableFuture.completedFuture(Step.NOTHING);
        }
        List<ProfileItem> profile = new ArrayList<>();
        for (WpiItem i : reported) {
            if (i.status() != null && !i.status().isBlank()) {
                continue;  // the phone has no such file: nothing to keep
            }
            try {
                profile.add(new ProfileItem(i.name(), i.value()));
            } catch (IllegalArgumentException e) {
                log.warn("logoff of {} at {} refused: {}", pending.e164(), deviceId, e.getMessage());
                return CompletableFuture.completedFuture(Step.refused("user data refused: " + e.getMessage()));
            }
        }
        return finishLogoff(deviceId, pending, profile);
    }

    // ------------------------------------------------------------ logon

    private CompletableFuture<Step> logon(PhoneMessage m, String deviceId) {
        if (!m.item("mobility-enabled").map(v -> v.strip().equalsIgnoreCase("true")).orElse(false)) {
            log.warn("mobility logon at {} refused: mobility is not enabled there", deviceId);
            return done(Step.refused("mobility logon refused: mobility is not enabled at this phone"));
        }
        Optional<E164> number = E164.tryParse(m.item("e164").orElse(null));
        if (number.isEmpty()) {
            return done(Step.refused("mobility logon refused: no valid number given"));
        }
        String password = m.item("user-pwd").orElse(null);
        Instant now = clock.instant();
        return port.forcedLogoffSeconds()
                .thenCompose(seconds -> port.logon(new LogOnMobileUser(number.get().value(), deviceId, password,
                        ChangeSource.PHONE, "phone", "logon at the phone", now, seconds)))
                .thenApply(grant -> {
                    granted.granted(deviceId, grant);
                    log.info("mobile user {} logged on at {}", grant.e164(), deviceId);
                    List<WpiItem> write = new ArrayList<>();
                    write.add(WpiItem.of("e164", grant.e164()));
                    write.add(WpiItem.of("sip-mobility-state", "0"));
                    write.addAll(settingItems(grant));
                    return new Step(List.of(new Outgoing(Action.WRITE_ITEMS, write, Purpose.MOBILITY)), null);
                })
                .exceptionally(e -> refusal("mobility logon", number.get().value(), deviceId, e));
    }

    private List<WpiItem> settingItems(LogonGrant grant) {
        List<WpiItem> out = new ArrayList<>();
        for (ParameterValue v : grant.settings()) {
            for (ParameterItems.Item i : items.items(v.parameter(), v.index(), v.value() == null ? "" : v.value())) {
                String coded = i.value() == null ? "" : i.value();
                out.add(i.index() == null ? WpiItem.of(i.name(), coded) : WpiItem.indexed(i.name(), i.index(), coded));
            }
        }
        return out;
    }

    // ------------------------------------------------------------ profile after the restart

    private CompletableFuture<Step> profile(PhoneMessage m, String deviceId) {
        List<String> wanted = names(m.item("requested-items").orElse(""));
        LogonGrant grant = granted.at(deviceId).orElse(null);
        CompletableFuture<Optional<List<ProfileItem>>> profile = grant != null
                ? done(Optional.of(grant.profile()))
                : port.userAt(deviceId).thenCompose(user -> user.isEmpty() ? done(Optional.<List<ProfileItem>>empty())
                        : port.profile(user.get().e164()).thenApply(Optional::of));
        return profile.thenApply(files -> {
            if (files.isEmpty()) {
                log.warn("{} asked for user data without a mobile user logged on there", deviceId);
                return Step.refused("no mobile user is logged on at this phone");
            }
            List<WpiItem> write = files.get().stream().filter(p -> wanted.contains(p.name()))
                    .map(p -> WpiItem.indexed(p.name(), 1, p.value())).toList();
            return write.isEmpty() ? Step.NOTHING
                    : new Step(List.of(new Outgoing(Action.WRITE_ITEMS, write, Purpose.MOBILITY)), null);
        });
    }

    // ------------------------------------------------------------ logoff

    private CompletableFuture<Step> logoff(PhoneMessage m, String deviceId) {
        List<String> modified = names(m.item("modified-items").orElse(""));
        List<String> unknown = modified.stream().filter(n -> !ProfileItem.NAMES.contains(n)).toList();
        if (!unknown.isEmpty()) {
            return done(Step.refused("mobility logoff refused: not user-data items: " + String.join(", ", unknown)));
        }
        LogonGrant grant = granted.at(deviceId).orElse(null);
        return port.userAt(deviceId).thenCompose(user -> {
            if (user.isEmpty() && grant == null) {
                log.warn("logoff at {} without a mobile user logged on there", deviceId);
                return done(Step.refused("no mobile user is logged on at this phone"));
            }
            // The settings to undo: those given at the logon and any the user changed at the phone since.
            java.util.Set<String> slots = new java.util.LinkedHashSet<>();
            if (grant != null) {
                grant.settings().forEach(v -> slots.add(v.slot()));
            }
            user.filter(u -> grant == null || u.e164().equals(grant.e164())).ifPresent(u -> u.configuration().forEach(v -> slots.add(v.index() == null ? v.parameter() : v.parameter() + "#" + v.index())));
            String e164 = grant != null ? grant.e164() : user.get().e164();
            PendingLogoff pending = new PendingLogoff(e164, m.item("basic-e164").orElse(null), List.copyOf(slots));
            if (modified.isEmpty()) {
                return finishLogoff(deviceId, pending, List.of());
            }
            logoffs.put(deviceId, pending);
            List<WpiItem> read = modified.stream().map(n -> WpiItem.indexed(n, 1, "")).toList();
            return done(new Step(List.of(new Outgoing(Action.READ_ITEMS, read, Purpose.MOBILITY)), null));
        });
    }

    /** Profile stored and user logged off in one command; then the phone gets its own number and values back. */
    private CompletableFuture<Step> finishLogoff(String deviceId, PendingLogoff pending, List<ProfileItem> profile) {
        Instant now = clock.instant();
        return port.logoff(new LogOffMobileUser(pending.e164(), deviceId, profile, ChangeSource.PHONE, "phone",
                        "logoff at the phone", now))
                .thenCompose(v -> {
                    granted.loggedOff(deviceId);
                    return port.ownValues(deviceId, pending.slots());
                })
                .thenApply(own -> {
                    log.info("mobile user {} logged off at {}; {} user-data files stored", pending.e164(), deviceId, profile.size());
                    List<WpiItem> write = new ArrayList<>();
                    if (pending.basicE164() != null) {
                        write.add(WpiItem.of("e164", pending.basicE164()));
                    }
                    write.add(WpiItem.of("sip-mobility-state", "1"));
                    own.forEach((slot, value) -> {
                        int hash = slot.indexOf('#');
                        String parameter = hash < 0 ? slot : slot.substring(0, hash);
                        Integer index = hash < 0 ? null : Integer.valueOf(slot.substring(hash + 1));
                        for (ParameterItems.Item i : items.items(parameter, index, value)) {
                            String coded = i.value() == null ? "" : i.value();
                            write.add(i.index() == null ? WpiItem.of(i.name(), coded) : WpiItem.indexed(i.name(), i.index(), coded));
                        }
                    });
                    return new Step(List.of(new Outgoing(Action.WRITE_ITEMS, write, Purpose.MOBILITY)), null);
                })
                .exceptionally(e -> refusal("mobility logoff", pending.e164(), deviceId, e));
    }

    // ------------------------------------------------------------ local changes of a logged-on user

    /**
     * The user-scope parameters among the reported items become the user's own values. A value the catalog
     * refuses stays the phone's only (logged once); the phone's report itself is recorded as always.
     */
    private CompletableFuture<Void> localChange(PhoneMessage m, String deviceId) {
        List<ParameterValue> values = new ArrayList<>();
        for (WpiItem i : m.items()) {
            Optional<String> key = catalog.parameterFor(i.name(), i.index());
            if (key.isEmpty()) {
                continue;
            }
            Optional<CatalogEntry> user = catalog.find(key.get(), Scope.USER);
            if (user.isPresent() && !user.get().readOnly()) {
                values.add(new ParameterValue(key.get(), null, catalog.mappingFor(key.get()).fromItemValue(i.value())));
            }
        }
        if (values.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return port.userAt(deviceId).thenCompose(user -> {
            if (user.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            return port.change(new ChangeMobileUserConfiguration(user.get().e164(), values, ChangeSource.PHONE, "phone",
                    "local change", null, deviceId, clock.instant())).exceptionally(e -> {
                log.warn("local change at {} not taken for mobile user {}: {}", deviceId, user.get().e164(), cause(e).getMessage());
                return null;
            });
        });
    }

    // ------------------------------------------------------------ helpers

    /** Known refusals (unknown user, wrong password, logged on elsewhere) end the interaction with the reason. */
    private static Step refusal(String what, String e164, String deviceId, Throwable e) {
        Throwable c = cause(e);
        if (c instanceof SecurityException || c instanceof IllegalStateException || c instanceof IllegalArgumentException) {
            log.warn("{} of {} at {} refused: {}", what, e164, deviceId, c.getMessage());
            return Step.refused(what + " refused: " + c.getMessage());
        }
        throw e instanceof CompletionException ce ? ce : new CompletionException(c);
    }

    private static Throwable cause(Throwable e) {
        Throwable c = e;
        while ((c instanceof CompletionException || c instanceof java.util.concurrent.ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof org.axonframework.commandhandling.CommandExecutionException cee && cee.getCause() != null) {
            return cee.getCause();
        }
        return c;
    }

    private static List<String> names(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}

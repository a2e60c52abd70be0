package org.deskfleet.wpi.server.mobility;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.deskfleet.kernel.configuration.EffectiveValue;
import org.deskfleet.kernel.configuration.FindOwnConfiguration;
import org.deskfleet.kernel.mobility.ChangeMobileUserConfiguration;
import org.deskfleet.kernel.mobility.FindMobileUserAtDevice;
import org.deskfleet.kernel.mobility.FindMobileUserProfile;
import org.deskfleet.kernel.mobility.LogOffMobileUser;
import org.deskfleet.kernel.mobility.LogOnMobileUser;
import org.deskfleet.kernel.mobility.LogonGrant;
import org.deskfleet.kernel.mobility.MobileUserView;
import org.deskfleet.kernel.mobility.MobilitySettings;
import org.deskfleet.kernel.mobility.PrepareMobileUserLogon;
import org.deskfleet.kernel.mobility.ProfileItem;
import org.deskfleet.kernel.system.FindSystemSettings;
import org.deskfleet.kernel.system.SystemSettingsView;
import org.deskfleet.wpi.server.interaction.OffLoopDispatch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** The mobility port over Axon's buses; commands leave the event loop first, as every command of the adapter. */
public final class AxonMobilityPort implements MobilityPort {

    private final OffLoopDispatch commands;
    private final QueryGateway queries;

    public AxonMobilityPort(CommandGateway commands, QueryGateway queries, Executor dispatch) {
        this.commands = new OffLoopDispatch(commands, dispatch);
        this.queries = queries;
    }

    @Override
    public CompletableFuture<LogonGrant> logon(LogOnMobileUser command) {
        return commands.send(command);
    }

    @Override
    public CompletableFuture<Void> logoff(LogOffMobileUser command) {
        return commands.<Object>send(command).thenApply(r -> null);
    }

    @Override
    public CompletableFuture<LogonGrant> prepare(PrepareMobileUserLogon command) {
        return commands.send(command);
    }

    @Override
    public CompletableFuture<Void> change(ChangeMobileUserConfiguration command) {
        return commands.<Object>send(command).thenApply(r -> null);
    }

    @Override
    public CompletableFuture<Optional<MobileUserView>> userAt(String deviceId) {
        return queries.query(new FindMobileUserAtDevice(deviceId), ResponseTypes.optionalInstanceOf(MobileUserView.class));
    }

    @Override
    public CompletableFuture<List<ProfileItem>> profile(String e164) {
        return queries.query(new FindMobileUserProfile(e164), ResponseTypes.multipleInstancesOf(ProfileItem.class));
    }

    @Override
    public CompletableFuture<Map<String, String>> ownValues(String deviceId, List<String> slots) {
        return queries.query(new FindOwnConfiguration(deviceId), ResponseTypes.multipleInstancesOf(EffectiveValue.class))
                .thenApply(values -> {
                    Map<String, String> own = new LinkedHashMap<>();
                    for (EffectiveValue v : values) {
                        String slot = org.deskfleet.kernel.ItemKeys.key(v.parameter(), v.index());
                        // Secrets are not shown by the read model, so they cannot be given back from it.
                        if (slots.contains(slot) && v.value() != null && !v.secret()) {
                            own.put(slot, v.value());
                        }
                    }
                    return own;
                });
    }

    @Override
    public CompletableFuture<Long> forcedLogoffSeconds() {
        return queries.query(new FindSystemSettings(), SystemSettingsView.class).thenApply(MobilitySettings::forcedLogoffSeconds);
    }
}

package org.deskfleet.wpi.server.mobility;

import org.deskfleet.kernel.mobility.ChangeMobileUserConfiguration;
import org.deskfleet.kernel.mobility.LogOffMobileUser;
import org.deskfleet.kernel.mobility.LogOnMobileUser;
import org.deskfleet.kernel.mobility.LogonGrant;
import org.deskfleet.kernel.mobility.MobileUserView;
import org.deskfleet.kernel.mobility.PrepareMobileUserLogon;
import org.deskfleet.kernel.mobility.ProfileItem;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Port: what the mobility flow needs of the domain, as commands and queries (implemented over Axon). */
public interface MobilityPort {

    CompletableFuture<LogonGrant> logon(LogOnMobileUser command);

    CompletableFuture<Void> logoff(LogOffMobileUser command);

    /** Whether the user can log on at the phone now and what the phone must get; records nothing. */
    CompletableFuture<LogonGrant> prepare(PrepareMobileUserLogon command);

    CompletableFuture<Void> change(ChangeMobileUserConfiguration command);

    /** The user logged on at a phone, as the read model knows it. */
    CompletableFuture<Optional<MobileUserView>> userAt(String deviceId);

    /** The user-data files of a user's profile. */
    CompletableFuture<List<ProfileItem>> profile(String e164);

    /** The phone's own values (its effective configuration without any user) of these parameter slots. */
    CompletableFuture<Map<String, String>> ownValues(String deviceId, List<String> slots);

    /** The system's forced-logoff interval (OSEM 13.5) in seconds; null when not set. */
    CompletableFuture<Long> forcedLogoffSeconds();
}

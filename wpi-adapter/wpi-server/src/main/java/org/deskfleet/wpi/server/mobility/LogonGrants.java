package org.deskfleet.wpi.server.mobility;

import org.deskfleet.kernel.mobility.LogonGrant;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each phone was given at its user's logon, until the logoff there, whoever did it (the phone, or a logon
 * or logoff job): the profile the restarted phone asks for a moment later, and the settings to undo, straight
 * from the aggregate (the read model may not show the logon yet). One per server, shared by the phone-initiated
 * flow and the mobility jobs, so a logoff by either forgets what a logon by the other gave.
 */
public final class LogonGrants {

    private final Map<String, LogonGrant> byDevice = new ConcurrentHashMap<>();

    public void granted(String deviceId, LogonGrant grant) {
        byDevice.put(deviceId, grant);
    }

    public Optional<LogonGrant> at(String deviceId) {
        return Optional.ofNullable(byDevice.get(deviceId));
    }

    public void loggedOff(String deviceId) {
        byDevice.remove(deviceId);
    }
}

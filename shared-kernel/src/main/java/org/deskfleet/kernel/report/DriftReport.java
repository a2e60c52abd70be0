package org.deskfleet.kernel.report;

import java.util.List;

/**
 * One parameter across the fleet: how many values (a client's value, or one per index of an indexed parameter) are
 * in each drift verdict ({@code org.deskfleet.kernel.configuration.EffectiveValue.Drift} names), and a page of the
 * drifted ones. Secret values never appear: a drifted secret shows neither its desired nor its reported value.
 */
public record DriftReport(String parameter, long clients, long inSync, long drifted, List<Count> counts,
                          List<DriftedValue> nodes, String endCursor, boolean hasNextPage) {

    public DriftReport {
        counts = List.copyOf(counts);
        nodes = List.copyOf(nodes);
    }

    public record Count(String drift, long values) {
    }

    public record DriftedValue(String deviceId, String e164, String deviceType, Integer index, String desiredValue,
                               String reportedValue, boolean secret, String layer, String origin) {
    }
}

package org.deskfleet.kernel.fleet;

import org.deskfleet.kernel.client.ClientIdentity;

import java.util.List;

/**
 * Query: which clients a template or group layer would change, and which parameters: for every selected
 * client, the deliverable values whose effective layer is TEMPLATE or GROUP and which the phone does not
 * report as they are. Selection: the clients a template applies to (directly or through groups), the members
 * of a group, listed device ids, or subjects evaluated with the identity given (a phone that has just
 * registered or changed its address, before the read model shows it). Answer: {@link LayerPlan}.
 *
 * @param without a template or group id whose removal is previewed: evaluated as if it did not exist, and
 *                every value that would change is listed, delivered or not
 */
public record FindLayerPlan(String templateId, String groupId, List<String> deviceIds, List<Subject> subjects,
                            String without) {

    public FindLayerPlan {
        deviceIds = deviceIds == null ? List.of() : List.copyOf(deviceIds);
        subjects = subjects == null ? List.of() : List.copyOf(subjects);
    }

    public static FindLayerPlan forTemplate(String templateId) {
        return new FindLayerPlan(templateId, null, null, null, null);
    }

    public static FindLayerPlan forGroup(String groupId) {
        return new FindLayerPlan(null, groupId, null, null, null);
    }

    public static FindLayerPlan forDevices(List<String> deviceIds) {
        return new FindLayerPlan(null, null, deviceIds, null, null);
    }

    public static FindLayerPlan removalOf(String templateOrGroupId) {
        return new FindLayerPlan(null, null, null, null, templateOrGroupId);
    }

    /**
     * A client evaluated with this identity; {@code fresh}: nothing it reports is known yet (a new phone),
     * so every layer value is planned.
     */
    public record Subject(String deviceId, ClientIdentity identity, boolean fresh) {
    }
}

package org.deskfleet.kernel.group;

/** Query: the groups a client belongs to now, and where their templates disagree. Answer: {@link ClientGroups}. */
public record FindClientGroups(String deviceId) {
}

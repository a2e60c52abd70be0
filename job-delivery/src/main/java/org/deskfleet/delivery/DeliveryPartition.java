package org.deskfleet.delivery;

/**
 * Which phones this node contacts. With several nodes each phone belongs to exactly one node at a time, so
 * no phone gets a contact-me from two nodes for the same gap; serving a phone that calls in is open to any node.
 */
public interface DeliveryPartition {

    boolean owns(String deviceId);

    /** One node: it contacts every phone. */
    DeliveryPartition ALL = deviceId -> true;
}

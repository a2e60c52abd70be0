package org.deskfleet.kernel.job;

/** One item a phone answered with a status (refused, unknown, ...). */
public record ItemStatus(String name, Integer index, String status) {
}

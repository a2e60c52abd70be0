package org.deskfleet.kernel.report;

/**
 * Query: how every client stands to one parameter (desired against reported), counted per verdict, and a page of
 * the drifted values ordered by device id, after the device id {@code after} (exclusive; null: from the start).
 */
public record FindDriftReport(String parameter, int first, String after) {
}

package org.deskfleet.kernel.fleet;

/**
 * Query: the open reservation a starting phone takes: by its device id, else by its E164 (the E164 fallback,
 * for reservations made without a MAC). Both null: every reservation. Answer: {@link PlugAndPlayView}s.
 */
public record FindPlugAndPlay(String deviceId, String e164) {
}

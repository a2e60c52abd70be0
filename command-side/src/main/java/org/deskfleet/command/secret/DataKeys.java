package org.deskfleet.command.secret;

/** Per-client data keys, kept outside the event store (wrapped by a master key where they are stored). */
public interface DataKeys {

    /** The client's 256-bit data key, created on first use. */
    byte[] keyOf(String deviceId);

    /** Destroys the client's key (crypto-shredding). */
    void destroy(String deviceId);
}

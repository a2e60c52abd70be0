package org.deskfleet.wpi.server.interaction;

/**
 * What the engine tells about its work, for whoever counts (Micrometer in the application). Called on the
 * answering thread: implementations only count.
 */
public interface WpiMetrics {

    /**
     * One phone message answered. {@code outcome}: {@code continued} (the interaction goes on), {@code ended}
     * (CleanUp or a message without answer), {@code rejected} (4xx: the message was refused), {@code failed}.
     */
    void answered(String reason, String outcome);

    /** A phone told {@code overload}: {@code cause} is {@code capacity} or {@code not-current} (delivery state catching up). */
    void overload(String cause);

    WpiMetrics NONE = new WpiMetrics() {
        @Override
        public void answered(String reason, String outcome) {
        }

        @Override
        public void overload(String cause) {
        }
    };
}

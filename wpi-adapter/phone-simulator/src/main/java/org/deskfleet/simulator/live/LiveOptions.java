package org.deskfleet.simulator.live;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How the phones of a {@link LiveFleet} react to the service.
 *
 * @param rebootDelay   from a Restart (or an accepted firmware image) to the phone's start-up
 * @param callDuration  how long {@link LivePhone#startCall()} keeps the phone in a call; zero = until
 *                      {@link LivePhone#endCall()}
 * @param dcmpUrl       when not null, every phone polls this base URL ({@code <dcmpUrl>/dcmp/contact-me}) from the
 *                      start; otherwise a phone polls once the service wrote its {@code dcmp-url} item, or when
 *                      {@link LivePhone#startPolling} is called
 * @param dcmpInterval  time between two polls of one phone
 * @param followDcmpUrl whether a phone starts polling by itself when the service writes {@code dcmp-url}
 * @param bindAddress   where contact-me listeners bind (loopback: the listeners' ports are what tells phones apart)
 * @param events        told one line per contact-me, poll answer 202 and reboot, e.g. for a console; may be a no-op
 * @param contactGap    the phone's own contact gap (wpi-protocol §8.3): a contact-me within this time after one it
 *                      acted on is acknowledged (204) but ignored; zero = none (the server keeps its own gap)
 * @param callbackDelay from acknowledging a contact-me to opening the {@code solicited} interaction
 */
public record LiveOptions(Duration rebootDelay, Duration callDuration, String dcmpUrl, Duration dcmpInterval,
                          boolean followDcmpUrl, String bindAddress, Consumer<String> events, Duration contactGap,
                          Duration callbackDelay) {

    public LiveOptions {
        Objects.requireNonNull(rebootDelay, "rebootDelay");
        Objects.requireNonNull(callDuration, "callDuration");
        Objects.requireNonNull(dcmpInterval, "dcmpInterval");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(contactGap, "contactGap");
        Objects.requireNonNull(callbackDelay, "callbackDelay");
        if (rebootDelay.isNegative() || callDuration.isNegative() || dcmpInterval.isNegative() || dcmpInterval.isZero()
                || contactGap.isNegative() || callbackDelay.isNegative()) {
            throw new IllegalArgumentException("delays must not be negative, the poll interval must be positive");
        }
    }

    /**
     * Reboot after 200 ms, calls until ended, no polling unless the service asks for it (every 60 s), loopback,
     * no contact gap of the phone's own, immediate callback.
     */
    public static LiveOptions defaults() {
        return new LiveOptions(Duration.ofMillis(200), Duration.ZERO, null, Duration.ofSeconds(60), true, "127.0.0.1",
                line -> { }, Duration.ZERO, Duration.ZERO);
    }

    public LiveOptions withContactGap(Duration gap) {
        return new LiveOptions(rebootDelay, callDuration, dcmpUrl, dcmpInterval, followDcmpUrl, bindAddress, events, gap,
                callbackDelay);
    }

    public LiveOptions withCallbackDelay(Duration delay) {
        return new LiveOptions(rebootDelay, callDuration, dcmpUrl, dcmpInterval, followDcmpUrl, bindAddress, events,
                contactGap, delay);
    }

    public LiveOptions withRebootDelay(Duration d) {
        return new LiveOptions(d, callDuration, dcmpUrl, dcmpInterval, followDcmpUrl, bindAddress, events, contactGap, callbackDelay);
    }

    public LiveOptions withCallDuration(Duration d) {
        return new LiveOptions(rebootDelay, d, dcmpUrl, dcmpInterval, followDcmpUrl, bindAddress, events, contactGap, callbackDelay);
    }

    /** Every phone polls {@code url} every {@code interval} from the start. */
    public LiveOptions withDcmp(String url, Duration interval) {
        return new LiveOptions(rebootDelay, callDuration, url, interval, followDcmpUrl, bindAddress, events, contactGap, callbackDelay);
    }

    public LiveOptions withDcmpInterval(Duration interval) {
        return new LiveOptions(rebootDelay, callDuration, dcmpUrl, interval, followDcmpUrl, bindAddress, events, contactGap, callbackDelay);
    }

    public LiveOptions withFollowDcmpUrl(boolean follow) {
        return new LiveOptions(rebootDelay, callDuration, dcmpUrl, dcmpInterval, follow, bindAddress, events, contactGap, callbackDelay);
    }

    public LiveOptions withEvents(Consumer<String> sink) {
        return new LiveOptions(rebootDelay, callDuration, dcmpUrl, dcmpInterval, followDcmpUrl, bindAddress, sink, contactGap, callbackDelay);
    }
}

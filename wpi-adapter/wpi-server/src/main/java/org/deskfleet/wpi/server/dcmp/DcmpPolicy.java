package org.deskfleet.wpi.server.dcmp;

import org.deskfleet.kernel.InvalidInput;

import org.deskfleet.wpi.codec.WpiItem;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a phone should poll (DCMP), and what to write at its start-up so it does (wpi-protocol §8.4).
 * Phones do not keep the polling URL across restarts, so it is written at every start-up while DCMP applies.
 * AUTOMATIC applies it to phones behind NAT: the address they report differs from the one they come from.
 * Only {@code dcmp-url} is written: the interval item's name is not known from any source (UNCONFIRMED).
 *
 * @param url the base URL phones poll, e.g. {@code http://dls.example:18080}; the phone appends the rest
 */
public record DcmpPolicy(Mode mode, String url) {

    public enum Mode { AUTOMATIC, DISABLED, ENABLED }

    public static final DcmpPolicy DISABLED = new DcmpPolicy(Mode.DISABLED, null);
    /** The item that tells a phone where to poll. */
    public static final String URL_ITEM = "dcmp-url";

    public DcmpPolicy {
        if (mode != Mode.DISABLED) {
            URI u = URI.create(url == null ? "" : url.strip());
            if (u.getScheme() == null || !u.getScheme().toLowerCase(Locale.ROOT).startsWith("http") || u.getHost() == null) {
                throw new InvalidInput("DCMP URL must be an absolute http(s) URL, got: " + url);
            }
        }
    }

    /** The items to write at this phone's start-up, if DCMP applies to it. */
    public Optional<List<WpiItem>> startUpItems(List<WpiItem> reported, String remoteAddress) {
        boolean applies = switch (mode) {
            case DISABLED -> false;
            case ENABLED -> true;
            case AUTOMATIC -> behindNat(reported, remoteAddress);
        };
        if (!applies) {
            return Optional.empty();
        }
        String base = url.strip().replaceAll("/+$", "") + "/dcmp/";
        return Optional.of(List.of(WpiItem.of(URL_ITEM, base)));
    }

    static boolean behindNat(List<WpiItem> reported, String remoteAddress) {
        String own = reported.stream().filter(i -> i.name().equals("ipaddress")).map(WpiItem::value).findFirst()
                .orElseGet(() -> reported.stream().filter(i -> i.name().equals("contact-me-uri")).map(WpiItem::value)
                        .map(v -> {
                            try {
                                return URI.create(v.strip()).getHost();
                            } catch (IllegalArgumentException e) {
                                return null;
                            }
                        }).filter(h -> h != null).findFirst().orElse(null));
        return own != null && remoteAddress != null && !own.equals(remoteAddress);
    }
}

package org.deskfleet.kernel.group;

import org.deskfleet.kernel.InvalidInput;

import com.fasterxml.jackson.annotation.JsonIgnore;
import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressSeqRange;
import inet.ipaddr.IPAddressString;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A group's dynamic filters (OSEM 8.1): a client belongs to the group when it matches every filter given.
 * Null or empty filters do not restrict; a group with no filter at all has no members (it would otherwise
 * take the whole fleet by accident).
 *
 * @param e164Pattern   digits with {@code *} (any digits) and {@code ?} (one digit), an optional leading
 *                      {@code +}: {@code +4989722*}
 * @param ipRange       one address, a CIDR block ({@code 10.1.0.0/16}) or a range ({@code 10.1.0.10-10.1.0.99});
 *                      parsed by the IPAddress library, IPv4 and IPv6
 * @param clientTypes   device types (exact names, e.g. {@code OpenStage 60}); empty = any
 * @param serverAddress the provisioning server the phone reports it contacts (item {@code dls-addr}),
 *                      compared without case
 */
public record GroupFilters(String e164Pattern, String ipRange, List<String> clientTypes, String serverAddress) {

    private static final Pattern E164_PATTERN = Pattern.compile("\\+?[0-9*?]{1,20}");

    public GroupFilters {
        e164Pattern = blankToNull(e164Pattern);
        ipRange = blankToNull(ipRange);
        serverAddress = blankToNull(serverAddress);
        clientTypes = clientTypes == null ? List.of() : clientTypes.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (e164Pattern != null && (!E164_PATTERN.matcher(e164Pattern).matches() || e164Pattern.indexOf('+', 1) >= 0)) {
            throw new InvalidInput("E164 pattern '" + e164Pattern + "' is not valid: digits, * (any digits)"
                    + " and ? (one digit), an optional leading +, at most 20 characters");
        }
        if (ipRange != null) {
            range(ipRange);
        }
    }

    /** Whether no filter is given (such a group has no members). */
    @JsonIgnore
    public boolean isEmpty() {
        return e164Pattern == null && ipRange == null && clientTypes.isEmpty() && serverAddress == null;
    }

    /** Whether a client with these properties matches every filter given. */
    public boolean matches(String e164, String ipAddress, String deviceType, String dlsAddress) {
        if (isEmpty()) {
            return false;
        }
        if (e164Pattern != null && (e164 == null || !e164Regex().matcher(digits(e164)).matches())) {
            return false;
        }
        if (ipRange != null && !inRange(ipAddress)) {
            return false;
        }
        if (!clientTypes.isEmpty() && (deviceType == null || !clientTypes.contains(deviceType))) {
            return false;
        }
        return serverAddress == null || (dlsAddress != null
                && dlsAddress.strip().toLowerCase(Locale.ROOT).equals(serverAddress.toLowerCase(Locale.ROOT)));
    }

    private boolean inRange(String ipAddress) {
        if (ipAddress == null) {
            return false;
        }
        IPAddress address = new IPAddressString(ipAddress.strip()).getAddress();
        if (address == null) {
            return false;
        }
        IPAddressSeqRange r = range(ipRange);
        return r.getLower().getIPVersion() == address.getIPVersion() && r.contains(address);
    }

    /** One address, a CIDR block or a lower-upper range, as one sequential range. */
    static IPAddressSeqRange range(String text) {
        try {
            int dash = text.indexOf('-');
            if (dash > 0 && !text.contains("/")) {
                IPAddress lower = new IPAddressString(text.substring(0, dash).strip()).toAddress();
                IPAddress upper = new IPAddressString(text.substring(dash + 1).strip()).toAddress();
                if (lower.getIPVersion() != upper.getIPVersion()) {
                    throw new InvalidInput("IP range '" + text + "' mixes IPv4 and IPv6");
                }
                if (lower.compareTo(upper) > 0) {
                    throw new InvalidInput("IP range '" + text + "' ends before it starts");
                }
                return lower.spanWithRange(upper);
            }
            IPAddressString s = new IPAddressString(text.strip());
            s.validate();
            IPAddress a = s.toAddress();
            if (a == null) {
                throw new InvalidInput("IP range '" + text + "' is not an address, CIDR block or range");
            }
            return a.toPrefixBlock().toSequentialRange();
        } catch (AddressStringException e) {
            throw new InvalidInput("IP range '" + text + "' is not valid: " + e.getMessage());
        }
    }

    private Pattern e164Regex() {
        StringBuilder regex = new StringBuilder();
        for (char c : digits(e164Pattern).toCharArray()) {
            regex.append(c == '*' ? "[0-9]*" : c == '?' ? "[0-9]" : String.valueOf(c));
        }
        return Pattern.compile(regex.toString());
    }

    private static String digits(String s) {
        return s.strip().startsWith("+") ? s.strip().substring(1) : s.strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupFilters f && Objects.equals(e164Pattern, f.e164Pattern) && Objects.equals(ipRange, f.ipRange)
                && clientTypes.equals(f.clientTypes) && Objects.equals(serverAddress, f.serverAddress);
    }

    @Override
    public int hashCode() {
        return Objects.hash(e164Pattern, ipRange, clientTypes, serverAddress);
    }
}

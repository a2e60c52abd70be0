package org.deskfleet.command.fleet;

import java.util.ArrayList;
import java.util.List;

/** Firmware versions as phones spell them ("V3 R5.14.0", "V1 R2.3.4"): compared by their numbers in order. */
final class Versions {

    private Versions() {
    }

    /** Negative when a is older than b, 0 when the numbers are the same, positive when newer. */
    static int compare(String a, String b) {
        List<Long> x = numbers(a);
        List<Long> y = numbers(b);
        for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
            long p = i < x.size() ? x.get(i) : 0;
            long q = i < y.size() ? y.get(i) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }

    private static List<Long> numbers(String v) {
        List<Long> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        long n = -1;
        for (char c : v.toCharArray()) {
            if (c >= '0' && c <= '9') {
                n = (n < 0 ? 0 : n * 10) + (c - '0');
                if (n > 1_000_000_000L) {
                    n = 1_000_000_000L;
                }
            } else if (n >= 0) {
                out.add(n);
                n = -1;
            }
        }
        if (n >= 0) {
            out.add(n);
        }
        return out;
    }
}

package org.deskfleet.wpi.server.contactme;

import org.deskfleet.kernel.InvalidInput;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Finds phones in an address range (OSEM 4.2): a contact-me to every host address of the range, paced by
 * the scanner's own client (phones crash when hammered); phones that answer call back and register
 * themselves. Ranges are limited to a /16 so that a typo cannot sweep a whole network.
 */
public final class IpRangeScanner {

    public static final int MAX_HOSTS = 65_534;

    public record ScanProgress(String id, int total, int sent, int acknowledged, int refused, int unreachable,
                               int timedOut, boolean done, boolean cancelled) {
    }

    /** A running scan: its progress, its end, and a way to stop it. */
    public static final class Scan {
        private final String id;
        private final int total;
        private final AtomicInteger sent = new AtomicInteger();
        private final AtomicInteger acknowledged = new AtomicInteger();
        private final AtomicInteger refused = new AtomicInteger();
        private final AtomicInteger unreachable = new AtomicInteger();
        private final AtomicInteger timedOut = new AtomicInteger();
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final CompletableFuture<ScanProgress> done = new CompletableFuture<>();

        Scan(String id, int total) {
            this.id = id;
            this.total = total;
        }

        public ScanProgress progress() {
            return new ScanProgress(id, total, sent.get(), acknowledged.get(), refused.get(), unreachable.get(),
                    timedOut.get(), done.isDone(), cancelled.get());
        }

        public CompletableFuture<ScanProgress> done() {
            return done;
        }

        public void cancel() {
            cancelled.set(true);
        }
    }

    private final ContactMeClient client;
    private final int phonePort;
    private final ConcurrentHashMap<String, Scan> scans = new ConcurrentHashMap<>();

    /** @param client a client paced for sweeps (e.g. 5 per second) */
    public IpRangeScanner(ContactMeClient client, int phonePort) {
        this.client = client;
        this.phonePort = phonePort;
    }

    /** Starts a sweep over the host addresses of {@code address}/{@code mask} (mask dotted or a prefix length). */
    public Scan start(String address, String mask, Consumer<ScanProgress> onProgress) {
        long base = toLong(address);
        int prefix = prefixOf(mask);
        if (prefix < 16) {
            throw new InvalidInput("range /" + prefix + " is too wide; scan at most a /16");
        }
        long size = 1L << (32 - prefix);
        long network = base & (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        long first = size <= 2 ? network : network + 1;
        long last = size <= 2 ? network + size - 1 : network + size - 2;
        Scan scan = new Scan(java.util.UUID.randomUUID().toString(), (int) (last - first + 1));
        scans.put(scan.id, scan);
        AtomicInteger open = new AtomicInteger(scan.total);
        for (long ip = first; ip <= last; ip++) {
            if (scan.cancelled.get()) {
                break;
            }
            String host = toDotted(ip);
            scan.sent.incrementAndGet();
            client.contact("scan:" + host, URI.create("http://" + host + ":" + phonePort + "/contact_dls.html/ContactDLS"))
                    .whenComplete((o, e) -> {
                        ContactOutcome.Result r = e != null ? ContactOutcome.Result.UNREACHABLE : o.result();
                        switch (r) {
                            case ACKNOWLEDGED -> scan.acknowledged.incrementAndGet();
                            case REFUSED -> scan.refused.incrementAndGet();
                            case TIMED_OUT -> scan.timedOut.incrementAndGet();
                            default -> scan.unreachable.incrementAndGet();
                        }
                        onProgress.accept(scan.progress());
                        if (open.decrementAndGet() == 0) {
                            scan.done.complete(scan.progress());
                        }
                    });
        }
        return scan;
    }

    public java.util.Optional<Scan> find(String id) {
        return java.util.Optional.ofNullable(scans.get(id));
    }

    static int prefixOf(String mask) {
        String m = mask.strip();
        if (m.startsWith("/")) {
            m = m.substring(1);
        }
        if (m.matches("\\d{1,2}")) {
            int p = Integer.parseInt(m);
            if (p > 32) {
                throw new InvalidInput("prefix length must be 0..32: " + mask);
            }
            return p;
        }
        long bits = toLong(m);
        int prefix = Long.bitCount(bits);
        if (bits != ((0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL)) {
            throw new InvalidInput("not a contiguous subnet mask: " + mask);
        }
        return prefix;
    }

    static long toLong(String dotted) {
        // Checked before parsing: a host name must never trigger a name lookup here.
        if (dotted == null || !dotted.strip().matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new InvalidInput("not an IPv4 address: " + dotted);
        }
        try {
            InetAddress a = InetAddress.getByName(dotted.strip());
            byte[] b = a.getAddress();
            if (b.length != 4) {
                throw new InvalidInput("not an IPv4 address: " + dotted);
            }
            return ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
        } catch (UnknownHostException e) {
            throw new InvalidInput("not an IPv4 address: " + dotted);
        }
    }

    static String toDotted(long ip) {
        return ((ip >> 24) & 0xFF) + "." + ((ip >> 16) & 0xFF) + "." + ((ip >> 8) & 0xFF) + "." + (ip & 0xFF);
    }
}

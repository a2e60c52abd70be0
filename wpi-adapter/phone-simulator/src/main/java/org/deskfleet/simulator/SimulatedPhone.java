package org.deskfleet.simulator;

import org.deskfleet.wpi.codec.WpiItem;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A phone's identity and items, generated deterministically from a seed and a sequence number.
 * <p>
 * Within one seed, MAC address, IP address and E.164 number are unique for up to 2^24 consecutive sequence
 * numbers: a seed picks a start slot, consecutive sequence numbers take consecutive slots, and each value is a
 * bijection of the slot. Different seeds give different blocks, so a time-based seed yields phones a server
 * has almost certainly never seen.
 * <p>
 * The IP address (in the loopback range, 127.x.y.z) only ever appears as an item value ({@code contact-me-uri},
 * {@code ipaddress}); nothing listens there unless the phone is live. Methods are synchronized: one phone may be touched by an interaction and a test at once.
 */
public final class SimulatedPhone {

    /** Device types seen on real phones, with a plausible part number, gigabit port and firmware versions. */
    private record Model(String deviceType, String partNumber, boolean gigabit, List<String> versions) {
    }

    private static final List<Model> MODELS = List.of(
            new Model("OpenStage 40", "S30817-S7401-A101-009", false, List.of("V3 R5.14.0", "V3 R5.21.0")),
            new Model("OpenStage 60", "S30817-S7402-A101-011", true, List.of("V3 R5.14.0", "V3 R5.21.0")),
            new Model("OpenStage 80", "S30817-S7403-A101-015", true, List.of("V3 R3.24.0", "V3 R5.14.0")),
            new Model("OpenScape Desk Phone CP210", "S30817-S7403-C101-020", false, List.of("V2 R0.11.0", "V1 R10.2.2")),
            new Model("OpenScape Desk Phone CP400", "S30817-S7404-C101-011", true, List.of("V1 R10.2.2", "V2 R0.11.0")),
            new Model("OpenScape Desk Phone CP710", "S30817-S7406-C101-007", true, List.of("V1 R10.2.2", "V2 R0.11.0")));

    /** German area codes; only decoration, uniqueness comes from the subscriber part. */
    private static final List<String> AREAS = List.of("30", "40", "69", "89", "211", "221", "341", "711");

    private static final int SLOTS = 1 << 24;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z0-9-]+)}");

    private final long seed;
    private final int sequence;
    private final String mac;
    private final String ipAddress;
    private final String e164;
    private final String deviceType;
    private final String partNumber;
    private final long nonceBase;
    /** Item key (name or name#index) to item, in report order. */
    private final Map<String, WpiItem> items = new LinkedHashMap<>();
    private final List<String> startupKeys = new ArrayList<>();
    private final Map<String, WpiItem> announced = new LinkedHashMap<>();
    private long interactions;

    private SimulatedPhone(long seed, int sequence) {
        this.seed = seed;
        this.sequence = sequence;
        int slot = (int) ((mix(seed) + sequence) & (SLOTS - 1));
        // Three different odd multipliers: bijections of the slot, so all three values are unique per slot.
        int macLow = (int) ((slot * 0x9E3779L + 0x5A5A5AL) & (SLOTS - 1));
        int ipLow = (int) ((slot * 0x6B43A9L + 0x01F2E3L) & (SLOTS - 1));
        int subscriber = (int) ((slot * 0xC2B2AFL + 0x0B1D3FL) & (SLOTS - 1));
        SplittableRandom rnd = new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + sequence));
        Model model = MODELS.get(rnd.nextInt(MODELS.size()));
        String version = model.versions().get(rnd.nextInt(model.versions().size()));
        this.mac = String.format(Locale.ROOT, "00:1A:E8:%02X:%02X:%02X", macLow >>> 16, (macLow >>> 8) & 0xFF, macLow & 0xFF);
        // In the loopback range: a server asked to contact a simulated phone never sends anything off this machine.
        this.ipAddress = "127." + (ipLow >>> 16) + "." + ((ipLow >>> 8) & 0xFF) + "." + (ipLow & 0xFF);
        this.e164 = "49" + AREAS.get(rnd.nextInt(AREAS.size())) + String.format(Locale.ROOT, "%08d", subscriber);
        this.deviceType = model.deviceType();
        this.partNumber = model.partNumber();
        this.nonceBase = rnd.nextLong();
        Map<String, String> values = Map.of(
                "device-type", deviceType,
                "gigabit", Boolean.toString(model.gigabit()),
                "software-version", version,
                "ip", ipAddress,
                "mac", mac,
                "part-number", partNumber,
                "e164", e164,
                "user-pwd", String.format(Locale.ROOT, "%06d", rnd.nextInt(1_000_000)),
                "sip-pwd", String.format(Locale.ROOT, "%06d", rnd.nextInt(1_000_000)));
        for (ItemCatalog.Template t : ItemCatalog.templates()) {
            WpiItem item = new WpiItem(t.name(), t.index(), fill(t.value(), values), t.status());
            items.put(item.key(), item);
            if (t.startup()) {
                startupKeys.add(item.key());
            }
        }
    }

    /** The phone with this sequence number in the fleet of this seed; same arguments, same phone. */
    public static SimulatedPhone generate(long seed, int sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative");
        }
        return new SimulatedPhone(seed, sequence);
    }

    /** Phones {@code first} .. {@code first + count - 1} of the fleet of this seed. */
    public static List<SimulatedPhone> fleet(long seed, int first, int count) {
        if (count < 0 || first < 0 || (long) first + count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bad fleet range: first " + first + ", count " + count);
        }
        List<SimulatedPhone> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(generate(seed, first + i));
        }
        return out;
    }

    public long seed() {
        return seed;
    }

    public int sequence() {
        return sequence;
    }

    /** {@code 00:1A:E8:XX:XX:XX}, upper case like real phones. */
    public String mac() {
        return mac;
    }

    /** The phone's (test) IP address; only an item value, never connected to. */
    public String ipAddress() {
        return ipAddress;
    }

    public String e164() {
        return e164;
    }

    public String deviceType() {
        return deviceType;
    }

    public String partNumber() {
        return partNumber;
    }

    public synchronized String softwareVersion() {
        return value("software-version").orElse("");
    }

    public synchronized String contactMeUri() {
        return value("contact-me-uri").orElse("");
    }

    public synchronized boolean configurationChanged() {
        return value("configuration-changed-flag").map(Boolean::parseBoolean).orElse(false);
    }

    /**
     * The basic items of a first message (start-up, solicited, ...), in example 01's order, current values;
     * then what the phone {@link #announce announces} (replacing a basic item of the same key).
     */
    public synchronized List<WpiItem> basicItems() {
        List<WpiItem> out = new ArrayList<>(startupKeys.size() + announced.size());
        for (String k : startupKeys) {
            WpiItem item = announced.containsKey(k) ? announced.get(k) : items.get(k);
            if (item != null) {
                out.add(item);
            }
        }
        announced.forEach((k, item) -> {
            if (!startupKeys.contains(k)) {
                out.add(item);
            }
        });
        return out;
    }

    /**
     * Items the next first messages carry besides (or instead of) the basic ones, until announced otherwise:
     * what a user typed for a mobility logon, the user-data files a logoff names, a changed setting.
     */
    public synchronized void announce(List<WpiItem> extra) {
        announced.clear();
        extra.forEach(i -> announced.put(i.key(), i));
    }

    /** Forgets every item whose name starts so (a phone drops the user's data at logoff). */
    public synchronized void removeItems(String namePrefix) {
        items.values().removeIf(i -> i.name().startsWith(namePrefix));
    }

    /** Every item, as reported in a ReadAllItems answer. */
    public synchronized List<WpiItem> allItems() {
        return List.copyOf(items.values());
    }

    public synchronized int itemCount() {
        return items.size();
    }

    /** The item under this key: a name, or {@code name#index} for an instance of a multi-instance item. */
    public synchronized Optional<WpiItem> item(String key) {
        return Optional.ofNullable(items.get(key));
    }

    /** Value of the single-instance item of this name. */
    public synchronized Optional<String> value(String name) {
        return Optional.ofNullable(items.get(name)).map(WpiItem::value);
    }

    /** Sets (or adds) an item value; a status the item had (user-pwd-unicode: failed) is dropped. */
    public synchronized void setItem(String name, Integer index, String value) {
        WpiItem item = new WpiItem(name, index, value, null);
        items.put(item.key(), item);
    }

    public void setItem(String name, String value) {
        setItem(name, null, value);
    }

    /** Sets {@code configuration-changed-flag}, as a phone does after a local change. */
    public void markConfigurationChanged(boolean changed) {
        setItem("configuration-changed-flag", Boolean.toString(changed));
    }

    /** Sets both software versions, as after a firmware update. */
    public synchronized void changeSoftwareVersion(String version) {
        setItem("software-version", version);
        setItem("related-software-version", version);
    }

    /**
     * The answer items of a {@code ReadItems}: each requested item with its value; a request without index
     * returns every instance of the name; unknown names get status {@code unknown item}, unknown indices
     * {@code invalid index}. Stored statuses are reported as they are (user-pwd-unicode: failed).
     */
    public synchronized List<WpiItem> readItems(List<WpiItem> requested) {
        List<WpiItem> out = new ArrayList<>();
        for (WpiItem r : requested) {
            if (r.index() != null) {
                WpiItem found = items.get(r.key());
                if (found != null) {
                    out.add(found);
                } else {
                    boolean nameKnown = items.values().stream().anyMatch(i -> i.name().equals(r.name()));
                    out.add(new WpiItem(r.name(), r.index(), "", nameKnown ? "invalid index" : "unknown item"));
                }
                continue;
            }
            List<WpiItem> all = items.values().stream().filter(i -> i.name().equals(r.name())).toList();
            if (all.isEmpty()) {
                out.add(new WpiItem(r.name(), null, "", "unknown item"));
            } else {
                out.addAll(all);
            }
        }
        return out;
    }

    /** Applies a {@code WriteItems}: every item value is stored (this simulator accepts everything). */
    private boolean busy;
    private int maxItems = -1;
    private int fragmentSize;
    private boolean failFileDeployment;
    private final java.util.Map<String, String> rejections = new java.util.HashMap<>();
    private final java.util.Deque<List<WpiItem>> fragments = new java.util.ArrayDeque<>();
    private String pendingVersion;
    private SoftwareOutcome softwareOutcome = SoftwareOutcome.INSTALL;
    private boolean rebootRequested;
    private boolean dead;
    private Misbehaviour misbehaviour = Misbehaviour.NONE;
    private java.time.Duration slowReplyDelay = java.time.Duration.ofMillis(500);

    /** In a call: WriteItems (and normal-priority software deployment) are answered busy. */
    public synchronized void setBusy(boolean busy) {
        this.busy = busy;
    }

    public synchronized boolean isBusy() {
        return busy;
    }

    /** The most items this phone takes in one service message; -1 = no limit. */
    public synchronized void setMaxItems(int maxItems) {
        this.maxItems = maxItems;
    }

    public synchronized int maxItems() {
        return maxItems;
    }

    /** Splits the phone's own ReadAllItems answer into fragments of this many items (0 = never). */
    public synchronized void setFragmentSize(int items) {
        this.fragmentSize = items;
    }

    public synchronized int fragmentSize() {
        return fragmentSize;
    }

    /** Written values of this item are refused with the item status given (e.g. "invalid data"). */
    public synchronized void rejectItem(String name, String status) {
        rejections.put(name, status);
    }

    public synchronized void failNextFileDeployment() {
        failFileDeployment = true;
    }

    /** Applies what it accepts; returns the refused items, each with its status and no value. */
    public synchronized List<WpiItem> writeItemsRejecting(List<WpiItem> written) {
        List<WpiItem> refused = new java.util.ArrayList<>();
        for (WpiItem w : written) {
            String status = rejections.get(w.name());
            if (status == null && (w.name().equals("mac-addr") || w.name().equals("device-type"))) {
                status = "read only";
            }
            if (status != null) {
                refused.add(new WpiItem(w.name(), w.index(), "", status));
            } else {
                setItem(w.name(), w.index(), w.value());
                if (w.name().equals("sip-mobility-state")) {
                    mobilityWritten(w.value().strip());
                }
            }
        }
        return refused;
    }

    private boolean mobileUserArrived;

    /**
     * A server set the mobility state: {@code 0} a user is logged on here now (the phone restarts its services
     * and asks for the user's files, see {@link #takeMobileUserArrival()}); {@code 1} the user is gone, and so
     * are the user's files.
     */
    private void mobilityWritten(String state) {
        if (state.equals("0")) {
            mobileUserArrived = true;
        } else if (state.equals("1")) {
            removeItems("userdata-");
        }
    }

    /** Whether a user was logged on here by a server since last asked (then the phone asks for the user's files). */
    public synchronized boolean takeMobileUserArrival() {
        boolean arrived = mobileUserArrived;
        mobileUserArrived = false;
        return arrived;
    }

    synchronized org.deskfleet.wpi.codec.PhoneMessage startFragments(String nonce, List<WpiItem> all) {
        fragments.clear();
        for (int i = 0; i < all.size(); i += fragmentSize) {
            fragments.add(List.copyOf(all.subList(i, Math.min(all.size(), i + fragmentSize))));
        }
        return nextFragment(nonce).orElseThrow();
    }

    synchronized java.util.Optional<org.deskfleet.wpi.codec.PhoneMessage> nextFragment(String nonce) {
        List<WpiItem> part = fragments.poll();
        if (part == null) {
            return java.util.Optional.empty();
        }
        var fragment = fragments.isEmpty() ? org.deskfleet.wpi.codec.Fragment.FINAL : org.deskfleet.wpi.codec.Fragment.NEXT;
        return java.util.Optional.of(new org.deskfleet.wpi.codec.PhoneMessage(nonce, -1, fragment,
                org.deskfleet.wpi.codec.Reason.REPLY_TO, "reply-to", "ReadAllItems",
                org.deskfleet.wpi.codec.ReplyStatus.ACCEPTED, part));
    }

    /** Single file: a status message with the result; several files: reply-to, and the inventory shows them. */
    synchronized org.deskfleet.wpi.codec.PhoneMessage deployFiles(String nonce, List<WpiItem> items) {
        boolean multi = items.stream().anyMatch(i -> i.index() != null);
        if (multi) {
            items.stream().filter(i -> i.name().equals("file-name")).forEach(n -> {
                String type = items.stream().filter(i -> i.name().equals("file-type") && java.util.Objects.equals(i.index(), n.index()))
                        .map(WpiItem::value).findFirst().orElse("");
                setItem("file-deployment-name", n.index(), n.value());
                setItem("file-deployment-type", n.index(), type);
                setItem("file-deployment-status", n.index(), "ok");
            });
            return org.deskfleet.wpi.codec.PhoneMessage.replyTo(nonce, org.deskfleet.wpi.codec.Action.FILE_DEPLOYMENT,
                    org.deskfleet.wpi.codec.ReplyStatus.ACCEPTED, List.of());
        }
        String url = items.stream().filter(i -> i.name().equals("file-https-base-url") || i.name().equals("file-name"))
                .map(WpiItem::value).findFirst().orElse("file");
        String name = url.substring(url.lastIndexOf('/') + 1);
        String status = failFileDeployment ? "failed" : "ok";
        failFileDeployment = false;
        List<WpiItem> report = new java.util.ArrayList<>(basicItems());
        report.add(WpiItem.of("file-deployment-date", "10:06:2026"));
        report.add(WpiItem.of("file-deployment-time", "09:12:40"));
        report.add(WpiItem.of("file-deployment-name", name));
        report.add(WpiItem.of("file-deployment-type", items.stream().filter(i -> i.name().equals("file-type"))
                .map(WpiItem::value).findFirst().orElse("")));
        report.add(WpiItem.of("file-deployment-status", status));
        return org.deskfleet.wpi.codec.PhoneMessage.of(nonce, org.deskfleet.wpi.codec.Reason.STATUS, report);
    }

    /** Takes a firmware image: the new version is running after the next reboot (see {@link SoftwareOutcome}). */
    synchronized WpiItem acceptSoftware(List<WpiItem> items) {
        pendingVersion = items.stream().filter(i -> i.name().equals("file-sw-version")).map(WpiItem::value).findFirst().orElse(null);
        rebootRequested = true;
        return WpiItem.of("file-sw-version", pendingVersion == null ? "" : pendingVersion);
    }

    /** What happens to an accepted firmware image at the next reboot; {@link SoftwareOutcome#INSTALL} by default. */
    public synchronized void setSoftwareOutcome(SoftwareOutcome outcome) {
        this.softwareOutcome = java.util.Objects.requireNonNull(outcome);
    }

    public synchronized SoftwareOutcome softwareOutcome() {
        return softwareOutcome;
    }

    /** The version of an accepted firmware image not yet booted into. */
    public synchronized Optional<String> pendingSoftwareVersion() {
        return Optional.ofNullable(pendingVersion);
    }

    /**
     * The phone rebooted after Restart / SoftwareDeployment: a pending image is installed or dropped per
     * {@link #softwareOutcome()}, the call ends.
     *
     * @return false when the phone does not come back (an image with {@link SoftwareOutcome#NEVER_RETURN})
     */
    public synchronized boolean reboot() {
        if (pendingVersion != null) {
            switch (softwareOutcome) {
                case INSTALL -> changeSoftwareVersion(pendingVersion);
                case KEEP_OLD -> { } // the image did not take: the old firmware boots again
                case NEVER_RETURN -> dead = true;
            }
            pendingVersion = null;
        }
        busy = false;
        return !dead;
    }

    /** Whether a firmware update bricked this phone ({@link SoftwareOutcome#NEVER_RETURN}). */
    public synchronized boolean isDead() {
        return dead;
    }

    /**
     * Whether a Restart or an accepted SoftwareDeployment asked for a reboot since the last call; clears the
     * request. The live fleet uses it to reboot the phone and register it again.
     */
    public synchronized boolean takeRebootRequest() {
        boolean r = rebootRequested;
        rebootRequested = false;
        return r;
    }

    /** Restart action: a factory reset (with the fixed password) forgets the configuration; then a reboot. */
    synchronized void restarted(List<WpiItem> restartItems) {
        boolean factory = restartItems.stream().anyMatch(i -> i.name().equals("restart-type") && i.value().equals("FactoryReset"))
                && restartItems.stream().anyMatch(i -> i.name().equals("restart-password") && i.value().equals("124816"));
        if (factory) {
            setItem("sntp-addr", "");
            markConfigurationChanged(true);
        }
        reboot();
        rebootRequested = true;
    }

    /** Deliberate protocol misbehaviour of this phone's replies; {@link Misbehaviour#NONE} by default. */
    public synchronized void setMisbehaviour(Misbehaviour misbehaviour) {
        this.misbehaviour = java.util.Objects.requireNonNull(misbehaviour);
    }

    public synchronized Misbehaviour misbehaviour() {
        return misbehaviour;
    }

    /** How long a {@link Misbehaviour#SLOW} phone waits before each reply (default 500 ms). */
    public synchronized void setSlowReplyDelay(java.time.Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative");
        }
        this.slowReplyDelay = delay;
    }

    public synchronized java.time.Duration slowReplyDelay() {
        return slowReplyDelay;
    }

    public synchronized void writeItems(List<WpiItem> written) {
        for (WpiItem w : written) {
            setItem(w.name(), w.index(), w.value());
        }
    }

    /**
     * A fresh nonce for the next interaction: 32 upper-case hex digits (wpi-protocol §3.5), deterministic per
     * phone and interaction count, kept by the caller for every message of the interaction.
     */
    public synchronized String newNonce() {
        long n = interactions++;
        long hi = mix(nonceBase + n);
        long lo = mix(hi ^ (nonceBase * 31 + n));
        return HexFormat.of().withUpperCase().formatHex(toBytes(hi, lo));
    }

    @Override
    public String toString() {
        return "SimulatedPhone[" + mac + ", " + deviceType + ", e164 " + e164 + ", seed " + seed + "#" + sequence + "]";
    }

    private static String fill(String template, Map<String, String> values) {
        if (template.indexOf('{') < 0) {
            return template; // most values are constants; skip the regex (fleets of 100k phones are built up front)
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                throw new IllegalStateException("unknown placeholder {" + m.group(1) + "} in " + ItemCatalog.RESOURCE);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static byte[] toBytes(long hi, long lo) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return b;
    }

    /** SplitMix64 finaliser: spreads nearby inputs over the whole range. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

package org.deskfleet.wpi.server.work;

import org.deskfleet.kernel.InvalidInput;

import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.WpiItem;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The WPI actions as a typed API (wpi-protocol §5): the rest of the system says what to do, these
 * build the exact items the guide asks for, and refuse what a phone could not make sense of.
 */
public final class Steps {

    /** The fixed value phones require for a factory reset, on every interface (guide 3.6.6). */
    public static final String FACTORY_RESET_PASSWORD = "124816";

    public enum FileType { MOH, PIC, LDAP, LOGO, SCREENSAVER, RINGTONE, DONGLE }

    public enum Priority { NORMAL, IMMEDIATE }

    /** One file for a (multi-)file deployment; {@code url} is an HTTPS URL of the file itself. */
    public record FileSpec(FileType type, URI url, String name) {
        public FileSpec {
            Objects.requireNonNull(type, "file type");
            if (url == null || !"https".equalsIgnoreCase(url.getScheme())) {
                throw new InvalidInput("file URL must be https: " + url);
            }
        }
    }

    private Steps() {
    }

    public static DeviceJob.Step readAllItems() {
        return new DeviceJob.Step(Action.READ_ALL_ITEMS, List.of());
    }

    /** Reads items by name; "name#index" reads one instance. */
    public static DeviceJob.Step readItems(List<String> keys) {
        if (keys.isEmpty()) {
            throw new InvalidInput("ReadItems needs at least one item");
        }
        return new DeviceJob.Step(Action.READ_ITEMS, keys.stream().map(k -> {
            int hash = k.indexOf('#');
            return hash < 0 ? WpiItem.of(k, "") : WpiItem.indexed(k.substring(0, hash), Integer.parseInt(k.substring(hash + 1)), "");
        }).toList());
    }

    public static DeviceJob.Step writeItems(List<WpiItem> items) {
        if (items.isEmpty()) {
            throw new InvalidInput("WriteItems needs at least one item");
        }
        for (WpiItem i : items) {
            // Phones do not decode these entities inside values (wpi-protocol §6.2): refuse rather than corrupt.
            if (i.value().indexOf('<') >= 0 || i.value().indexOf('>') >= 0 || i.value().indexOf('&') >= 0) {
                throw new InvalidInput("value of " + i.key() + " contains <, > or &, which phones do not decode");
            }
        }
        return new DeviceJob.Step(Action.WRITE_ITEMS, items);
    }

    public static DeviceJob.Step restart() {
        return new DeviceJob.Step(Action.RESTART, List.of());
    }

    /** Factory reset: the phone loses its settings and registers again with start-up. */
    public static DeviceJob.Step factoryReset() {
        return new DeviceJob.Step(Action.RESTART, List.of(
                WpiItem.of("restart-password", FACTORY_RESET_PASSWORD), WpiItem.of("restart-type", "FactoryReset")));
    }

    /** One file over HTTPS; the phone answers with a {@code status} message. */
    public static DeviceJob.Step deployFile(FileSpec file) {
        return new DeviceJob.Step(Action.FILE_DEPLOYMENT, List.of(
                WpiItem.of("file-type", file.type().name()), WpiItem.of("file-https-base-url", file.url().toString())));
    }

    /** Several files deployed and deleted at once, one index each; the phone sends no status (verify by reading). */
    public static DeviceJob.Step deployFiles(List<FileSpec> deploy, List<FileSpec> delete) {
        List<WpiItem> items = new ArrayList<>();
        int index = 1;
        for (FileSpec f : deploy) {
            items.add(WpiItem.indexed("file-action", index, "deploy"));
            items.add(WpiItem.indexed("file-type", index, f.type().name()));
            items.add(WpiItem.indexed("file-https-base-url", index, f.url().toString()));
            items.add(WpiItem.indexed("file-name", index, f.name()));
            index++;
        }
        for (FileSpec f : delete) {
            items.add(WpiItem.indexed("file-action", index, "delete"));
            items.add(WpiItem.indexed("file-type", index, f.type().name()));
            items.add(WpiItem.indexed("file-name", index, f.name()));
            index++;
        }
        if (items.isEmpty()) {
            throw new InvalidInput("a multi-file deployment needs at least one file");
        }
        return new DeviceJob.Step(Action.FILE_DEPLOYMENT, items);
    }

    /** Firmware: the phone reboots into it and reports the new version in its next start-up. */
    public static DeviceJob.Step deploySoftware(URI image, String softwareType, String version, Priority priority) {
        if (image == null || !"https".equalsIgnoreCase(image.getScheme())) {
            throw new InvalidInput("software image URL must be https: " + image);
        }
        return new DeviceJob.Step(Action.SOFTWARE_DEPLOYMENT, List.of(
                WpiItem.of("file-type", "APP"), WpiItem.of("file-https-base-url", image.toString()),
                WpiItem.of("file-sw-type", Objects.requireNonNull(softwareType)), WpiItem.of("file-sw-version", Objects.requireNonNull(version)),
                WpiItem.of("file-priority", priority.name().toLowerCase(java.util.Locale.ROOT))));
    }
}

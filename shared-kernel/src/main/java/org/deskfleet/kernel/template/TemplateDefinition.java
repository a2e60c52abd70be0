package org.deskfleet.kernel.template;

import org.deskfleet.kernel.InvalidInput;

import java.util.List;
import java.util.Locale;

/**
 * A template's general information (OSEM 6.1). Empty supported clients or software means all.
 * Ranking orders templates that apply to the same phone: they are applied from the highest number down,
 * so ranking 1 is applied last and wins.
 */
public record TemplateDefinition(String name, Type type, int ranking, List<String> supportedClients,
                                 List<Software> supportedSoftware, SoftwareUpdate softwareUpdate, SoftwareImage software) {

    /** The firmware the template's software-update policy brings phones to (OSEM 6.1). */
    public record SoftwareImage(String url, String version) {
        public SoftwareImage {
            if (url == null || version == null || version.isBlank()) {
                throw new InvalidInput("a template's software needs an image URL and the version it installs");
            }
            version = version.strip();
        }
    }

    public TemplateDefinition(String name, Type type, int ranking, List<String> supportedClients,
                              List<Software> supportedSoftware, SoftwareUpdate softwareUpdate) {
        this(name, type, ranking, supportedClients, supportedSoftware, softwareUpdate, null);
    }

    /** Whether the template can serve a phone of this device type and software type (any template type). */
    public boolean serves(String deviceType, String softwareType) {
        boolean client = supportedClients.isEmpty() || (deviceType != null && supportedClients.contains(deviceType));
        Software sw = softwareType == null ? null
                : softwareType.toUpperCase(Locale.ROOT).contains("HFA") ? Software.HFA : Software.SIP;
        return client && (supportedSoftware.isEmpty() || (sw != null && supportedSoftware.contains(sw)));
    }

    public enum Type { DEFAULT, ONBOARDING }

    public enum Software { SIP, HFA }

    public enum SoftwareUpdate { DISABLED, IGNORED, ALWAYS, ONLY_NEWER_VERSIONS }

    public TemplateDefinition {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new InvalidInput("template name must be 1 to 100 characters");
        }
        if (ranking < 1) {
            throw new InvalidInput("ranking must be 1 or more, got " + ranking);
        }
        name = name.strip();
        type = type == null ? Type.DEFAULT : type;
        supportedClients = supportedClients == null ? List.of() : List.copyOf(supportedClients);
        supportedSoftware = supportedSoftware == null ? List.of() : List.copyOf(supportedSoftware);
        softwareUpdate = softwareUpdate == null ? SoftwareUpdate.DISABLED : softwareUpdate;
    }

    /** Whether the template applies to a phone of this device type and software type. */
    public boolean appliesTo(String deviceType, String softwareType) {
        boolean client = supportedClients.isEmpty() || (deviceType != null && supportedClients.contains(deviceType));
        Software sw = softwareType == null ? null
                : softwareType.toUpperCase(Locale.ROOT).contains("HFA") ? Software.HFA : Software.SIP;
        boolean software = supportedSoftware.isEmpty() || (sw != null && supportedSoftware.contains(sw));
        return type == Type.DEFAULT && client && software;
    }
}

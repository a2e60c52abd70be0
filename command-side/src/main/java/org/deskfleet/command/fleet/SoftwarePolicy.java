package org.deskfleet.command.fleet;

import org.deskfleet.kernel.template.TemplateDefinition;
import org.deskfleet.kernel.template.TemplateDefinition.SoftwareUpdate;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A template's software-update policy (OSEM 6.1) decided for one phone, purely: of the default templates that
 * serve the phone and carry software, the one that wins by ranking (1 first) decides. DISABLED and IGNORED
 * install nothing; ALWAYS installs whenever the phone runs another version; ONLY_NEWER_VERSIONS only when
 * the template's version is newer than the phone's.
 */
public final class SoftwarePolicy {

    private SoftwarePolicy() {
    }

    public static Optional<TemplateDefinition.SoftwareImage> decide(List<TemplateDefinition> templates, String deviceType,
                                                                 String softwareType, String softwareVersion) {
        Optional<TemplateDefinition> winner = templates.stream()
                .filter(t -> t.appliesTo(deviceType, softwareType) && t.software() != null)
                .min(Comparator.comparingInt(TemplateDefinition::ranking).thenComparing(TemplateDefinition::name));
        if (winner.isEmpty() || softwareVersion == null) {
            return Optional.empty();
        }
        TemplateDefinition t = winner.get();
        String target = t.software().version();
        boolean install = switch (t.softwareUpdate()) {
            case DISABLED, IGNORED -> false;
            case ALWAYS -> !target.equalsIgnoreCase(softwareVersion.strip());
            case ONLY_NEWER_VERSIONS -> Versions.compare(target, softwareVersion) > 0;
        };
        return install ? Optional.of(t.software()) : Optional.empty();
    }

    static boolean installs(SoftwareUpdate policy) {
        return policy == SoftwareUpdate.ALWAYS || policy == SoftwareUpdate.ONLY_NEWER_VERSIONS;
    }
}

package org.deskfleet.command.fleet;

import org.deskfleet.kernel.template.TemplateDefinition;
import org.deskfleet.kernel.template.TemplateDefinition.SoftwareImage;
import org.deskfleet.kernel.template.TemplateDefinition.SoftwareUpdate;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SoftwarePolicyTest {

    private static final SoftwareImage V5 = new SoftwareImage("https://files.example/os.img", "V3 R5.21.0");

    private static TemplateDefinition template(String name, int ranking, SoftwareUpdate policy, SoftwareImage image) {
        return new TemplateDefinition(name, TemplateDefinition.Type.DEFAULT, ranking, List.of(), List.of(), policy, image);
    }

    @Test
    void eachPolicyDecidesForAPhone() {
        String sip = "Siemens SIP";
        assertThat(SoftwarePolicy.decide(List.of(template("a", 1, SoftwareUpdate.ALWAYS, V5)), "OpenStage 60", sip, "V3 R5.30.0")).contains(V5);
        assertThat(SoftwarePolicy.decide(List.of(template("a", 1, SoftwareUpdate.ALWAYS, V5)), "OpenStage 60", sip, "V3 R5.21.0")).isEmpty();
        assertThat(SoftwarePolicy.decide(List.of(template("a", 1, SoftwareUpdate.ONLY_NEWER_VERSIONS, V5)), "OpenStage 60", sip, "V3 R5.30.0")).isEmpty();
        assertThat(SoftwarePolicy.decide(List.of(template("a", 1, SoftwareUpdate.ONLY_NEWER_VERSIONS, V5)), "OpenStage 60", sip, "V3 R5.9.0")).contains(V5);
        assertThat(SoftwarePolicy.decide(List.of(template("a", 1, SoftwareUpdate.DISABLED, V5)), "OpenStage 60", sip, "V1")).isEmpty();
        assertThat(SoftwarePolicy.decide(List.of(template("a", 1, SoftwareUpdate.IGNORED, V5)), "OpenStage 60", sip, "V1")).isEmpty();
        assertThat(SoftwarePolicy.decide(List.of(template("a", 1, SoftwareUpdate.ALWAYS, V5)), "OpenStage 60", sip, null)).isEmpty();
    }

    @Test
    void theTemplateRankedFirstDecides() {
        var first = template("first", 1, SoftwareUpdate.DISABLED, V5);
        var second = template("second", 2, SoftwareUpdate.ALWAYS, V5);
        assertThat(SoftwarePolicy.decide(List.of(second, first), "OpenStage 60", "Siemens SIP", "V1")).isEmpty();
    }

    @Test
    void versionsCompareByTheirNumbers() {
        assertThat(Versions.compare("V3 R5.21.0", "V3 R5.9.9")).isPositive();
        assertThat(Versions.compare("V3 R5.21.0", "V3 R5.21")).isZero();
        assertThat(Versions.compare("V1 R2", "V3 R0")).isNegative();
    }
}

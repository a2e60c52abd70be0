package org.deskfleet.kernel.job;

import org.deskfleet.kernel.configuration.ParameterValue;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each job type declares its plan once; the plan, not the type, answers the engine's questions. */
class DeliveryPlanTest {

    private static final JobSpec.FileRef LOGO = new JobSpec.FileRef("LOGO", "https://files.example/logo.png", "logo");

    @Test
    void eachJobTypeSaysWhenATargetIsDone() {
        assertThat(new JobSpec.Configure(List.of(new ParameterValue("a", null, "1"))).plan().completion())
                .isEqualTo(DeliveryPlan.Completion.WHEN_ANSWERED);
        assertThat(new JobSpec.RefreshData().plan().completion()).isEqualTo(DeliveryPlan.Completion.WHEN_ANSWERED);
        assertThat(new JobSpec.DeployFiles(List.of(LOGO)).plan().completion()).isEqualTo(DeliveryPlan.Completion.WHEN_ANSWERED);
        assertThat(new JobSpec.Restart().plan().completion()).isEqualTo(DeliveryPlan.Completion.AT_NEXT_START_UP);
        assertThat(new JobSpec.FactoryReset(false).plan().completion()).isEqualTo(DeliveryPlan.Completion.AT_NEXT_START_UP);
        assertThat(new JobSpec.DeploySoftware("https://f/x.img", null, "V3 R5.21.0", false).plan().completion())
                .isEqualTo(DeliveryPlan.Completion.atStartUpWithVersion("V3 R5.21.0"));
    }

    @Test
    void severalFilesAreReadBackOneIsConfirmedByItsStatus() {
        assertThat(new JobSpec.DeployFiles(List.of(LOGO)).plan().steps())
                .containsExactly(new DeliveryPlan.Step.DeployFile(LOGO));
        assertThat(new JobSpec.DeployFiles(List.of(LOGO, LOGO)).plan().steps())
                .containsExactly(new DeliveryPlan.Step.DeployFiles(List.of(LOGO, LOGO)), new DeliveryPlan.Step.ReadAllItems());
    }

    @Test
    void onlyATakenJobWaitsForTheStartUp() {
        DeliveryPlan restart = new JobSpec.Restart().plan();
        assertThat(restart.awaitsStartUpAfter(TargetResult.Outcome.DELIVERED)).isTrue();
        assertThat(restart.awaitsStartUpAfter(TargetResult.Outcome.ACCEPTED)).isTrue();
        assertThat(restart.awaitsStartUpAfter(TargetResult.Outcome.FAILED)).isFalse();
        assertThat(restart.awaitsStartUpAfter(TargetResult.Outcome.PARTIAL)).isFalse();
        assertThat(new JobSpec.RefreshData().plan().awaitsStartUpAfter(TargetResult.Outcome.DELIVERED)).isFalse();
    }

    @Test
    void theVersionRuleComparesWithoutCaseAndBlanks() {
        DeliveryPlan.Completion rule = DeliveryPlan.Completion.atStartUpWithVersion("V3 R5.21.0");
        assertThat(rule.atStartUp(" v3 r5.21.0").status()).isEqualTo(JobStatus.SUCCESS);
        assertThat(rule.atStartUp("V3 R5.14.0")).isEqualTo(new DeliveryPlan.Verdict(JobStatus.FAILED,
                "phone started up with V3 R5.14.0, not V3 R5.21.0"));
        assertThat(rule.atStartUp(null).status()).isEqualTo(JobStatus.FAILED);
    }
}

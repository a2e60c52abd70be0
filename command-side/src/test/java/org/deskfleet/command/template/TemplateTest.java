package org.deskfleet.command.template;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.deskfleet.command.configuration.CatalogParameterRules;
import org.deskfleet.kernel.catalog.ParameterCatalog;
import org.deskfleet.kernel.configuration.ParameterChange;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.kernel.template.ChangeTemplateConfiguration;
import org.deskfleet.kernel.template.CreateTemplate;
import org.deskfleet.kernel.template.DeleteTemplate;
import org.deskfleet.kernel.template.TemplateConfigurationChanged;
import org.deskfleet.kernel.template.TemplateCreated;
import org.deskfleet.kernel.template.TemplateDefinition;
import org.deskfleet.kernel.template.TemplateDeleted;
import org.deskfleet.kernel.template.TemplateUpdated;
import org.deskfleet.kernel.template.UpdateTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

/** The Template slice through Axon's aggregate fixture. */
class TemplateTest {

    private static final Instant T = Instant.parse("2026-02-01T09:00:00Z");
    private static final String SNTP = "general.date-time.sntp-server-address";
    private static final TemplateDefinition HQ = new TemplateDefinition("HQ", TemplateDefinition.Type.DEFAULT, 1,
            List.of(), List.of(TemplateDefinition.Software.SIP), TemplateDefinition.SoftwareUpdate.DISABLED);

    private AggregateTestFixture<Template> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Template.class);
        fixture.registerInjectableResource(new CatalogParameterRules(ParameterCatalog.bundled()));
        fixture.registerInjectableResource(org.deskfleet.command.secret.InMemoryDataKeys.cipher());
    }

    @Test
    void aTemplateIsCreatedUpdatedAndDeleted() {
        fixture.givenNoPriorActivity().when(new CreateTemplate("t1", HQ, "alice", T))
                .expectEvents(new TemplateCreated("t1", HQ, "alice", T));
        TemplateDefinition ranked = new TemplateDefinition("HQ", null, 3, null, null, null);
        fixture.given(new TemplateCreated("t1", HQ, "alice", T)).when(new UpdateTemplate("t1", ranked, "bob", T))
                .expectEvents(new TemplateUpdated("t1", HQ, ranked, "bob", T));
        fixture.given(new TemplateCreated("t1", HQ, "alice", T)).when(new UpdateTemplate("t1", HQ, "bob", T)).expectNoEvents();
        fixture.given(new TemplateCreated("t1", HQ, "alice", T)).when(new DeleteTemplate("t1", "bob", T))
                .expectEvents(new TemplateDeleted("t1", "bob", T));
        fixture.given(new TemplateCreated("t1", HQ, "alice", T), new TemplateDeleted("t1", "bob", T))
                .when(new DeleteTemplate("t1", "bob", T)).expectException(IllegalStateException.class);
    }

    @Test
    void configurationChangesCarryOldAndNewAndRepeatsAreNoChange() {
        fixture.given(new TemplateCreated("t1", HQ, "alice", T))
                .when(new ChangeTemplateConfiguration("t1", List.of(new ParameterValue(SNTP, null, "10.0.0.1")), "alice", "site", "c1", T))
                .expectEvents(new TemplateConfigurationChanged("t1", List.of(new ParameterChange(SNTP, null, null, "10.0.0.1", false)),
                        "alice", "site", "c1", T));
        fixture.given(new TemplateCreated("t1", HQ, "alice", T),
                        new TemplateConfigurationChanged("t1", List.of(new ParameterChange(SNTP, null, null, "10.0.0.1", false)), "alice", "site", "c1", T))
                .when(new ChangeTemplateConfiguration("t1", List.of(new ParameterValue(SNTP, null, "10.0.0.1")), "bob", "again", "c2", T))
                .expectNoEvents();
    }

    @Test
    void rankingAndNameAreChecked() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TemplateDefinition(" ", null, 1, null, null, null))
                .hasMessageContaining("name");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TemplateDefinition("x", null, 0, null, null, null))
                .hasMessageContaining("ranking");
        org.assertj.core.api.Assertions.assertThat(HQ.appliesTo("OpenStage 40", "Siemens SIP")).isTrue();
        org.assertj.core.api.Assertions.assertThat(HQ.appliesTo("OpenStage 40", "HFA")).isFalse();
    }
}

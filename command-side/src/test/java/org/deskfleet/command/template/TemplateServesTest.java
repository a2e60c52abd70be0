package org.deskfleet.command.template;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.deskfleet.command.configuration.CatalogParameterRules;
import org.deskfleet.command.secret.InMemoryDataKeys;
import org.deskfleet.kernel.catalog.ParameterCatalog;
import org.deskfleet.kernel.configuration.ParameterChange;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.kernel.fleet.ResolveTemplate;
import org.deskfleet.kernel.fleet.ResolvedTemplate;
import org.deskfleet.kernel.template.ChangeTemplateConfiguration;
import org.deskfleet.kernel.template.TemplateConfigurationChanged;
import org.deskfleet.kernel.template.TemplateCreated;
import org.deskfleet.kernel.template.TemplateDefinition;
import org.deskfleet.kernel.template.UpdateTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A template only holds values it can serve to the phones it is for; it hands its values out for delivery. */
class TemplateServesTest {

    private static final Instant T = Instant.parse("2026-02-01T09:00:00Z");
    private static final String SNTP = "general.date-time.sntp-server-address";
    private static final String SIP_ONLY = "telephony.keyset-settings.reservation-timer-seconds";
    private static final TemplateDefinition HFA = new TemplateDefinition("HFA desks", TemplateDefinition.Type.DEFAULT, 1,
            List.of(), List.of(TemplateDefinition.Software.HFA), TemplateDefinition.SoftwareUpdate.DISABLED);
    private static final TemplateDefinition ALL = new TemplateDefinition("All", TemplateDefinition.Type.DEFAULT, 1,
            List.of(), List.of(), TemplateDefinition.SoftwareUpdate.DISABLED);

    private AggregateTestFixture<Template> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Template.class);
        fixture.registerInjectableResource(new CatalogParameterRules(ParameterCatalog.bundled()));
        fixture.registerInjectableResource(InMemoryDataKeys.cipher());
    }

    @Test
    void aValueForOtherPhonesThanTheTemplateServesIsRefused() {
        fixture.given(new TemplateCreated("t1", HFA, "alice", T))
                .when(new ChangeTemplateConfiguration("t1", List.of(new ParameterValue(SIP_ONLY, null, "10")), "alice", null, "c", T))
                .expectException(CommandExecutionException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("HFA desks"))
                .expectNoEvents();
        // The same value in a template for all phones: no device condition can be told, accepted.
        fixture.given(new TemplateCreated("t1", ALL, "alice", T))
                .when(new ChangeTemplateConfiguration("t1", List.of(new ParameterValue(SIP_ONLY, null, "10")), "alice", null, "c", T))
                .expectSuccessfulHandlerExecution();
        // Narrowing a template to phones its values do not fit is refused too.
        fixture.given(new TemplateCreated("t1", ALL, "alice", T), new TemplateConfigurationChanged("t1",
                        List.of(new ParameterChange(SIP_ONLY, null, null, "10", false)), "alice", null, "c", T))
                .when(new UpdateTemplate("t1", HFA, "bob", T))
                .expectException(CommandExecutionException.class).expectNoEvents();
    }

    @Test
    void resolvingHandsOutTheValuesAndRecordsNothing() {
        fixture.given(new TemplateCreated("t1", ALL, "alice", T), new TemplateConfigurationChanged("t1",
                        List.of(new ParameterChange(SNTP, null, null, "10.0.0.1", false)), "alice", null, "c", T))
                .when(new ResolveTemplate("t1"))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(org.hamcrest.Matchers.instanceOf(ResolvedTemplate.class));
        fixture.givenNoPriorActivity().when(new ResolveTemplate("none")).expectException(Exception.class);
        assertThat(TemplateDecider.valueOf("a.b#3", "x")).isEqualTo(new ParameterValue("a.b", 3, "x"));
    }
}

package org.deskfleet.command.fleet;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.queryhandling.QueryGateway;
import org.deskfleet.command.configuration.ParameterRules;
import org.deskfleet.kernel.client.ClientPage;
import org.deskfleet.kernel.client.ClientView;
import org.deskfleet.kernel.client.FindClients;
import org.deskfleet.kernel.job.CreateJob;
import org.deskfleet.kernel.job.JobSpec;
import org.deskfleet.kernel.template.FindTemplates;
import org.deskfleet.kernel.template.TemplateDefinition;
import org.deskfleet.kernel.template.TemplateDefinition.SoftwareImage;
import org.deskfleet.kernel.template.TemplateDefinition.SoftwareUpdate;
import org.deskfleet.kernel.template.TemplateUpdated;
import org.deskfleet.kernel.template.TemplateView;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The policy reads templates and clients from the read model, which may not have the event it handles yet. */
class FleetConfigurationPolicyTest {

    private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

    private static TemplateDefinition sip(SoftwareUpdate policy, SoftwareImage image) {
        return new TemplateDefinition("SIP", TemplateDefinition.Type.DEFAULT, 3, List.of(), List.of(TemplateDefinition.Software.SIP),
                policy, image);
    }

    @Test
    void aTemplatesNewSoftwareReachesItsPhonesWhileTheReadModelStillShowsTheOldTemplate() {
        TemplateDefinition before = sip(SoftwareUpdate.DISABLED, null);
        TemplateDefinition after = sip(SoftwareUpdate.ONLY_NEWER_VERSIONS, new SoftwareImage("https://files.example/sip.img", "V9 R9.9.9"));
        ClientView phone = new ClientView("001ae8001fe1", "4989700", "OpenStage 60", "Siemens SIP", "V3 R5.21.0", null, "10.0.0.7",
                NOW, NOW, true, false, "DIRECT", List.of(), List.of());
        // The read model: the template as it was before the event.
        TemplateView stale = new TemplateView("t-1", before, List.of(), NOW, NOW, List.of());
        QueryGateway queries = (QueryGateway) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{QueryGateway.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("query")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    if (args[0] instanceof FindClients) {
                        return CompletableFuture.completedFuture(new ClientPage(1, List.of(phone), null, false));
                    }
                    if (args[0] instanceof FindTemplates) {
                        return CompletableFuture.completedFuture(List.of(stale));
                    }
                    throw new UnsupportedOperationException(String.valueOf(args[0]));
                });
        List<Object> sent = new CopyOnWriteArrayList<>();
        CommandGateway commands = (CommandGateway) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{CommandGateway.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("sendAndWait")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    sent.add(args[0]);
                    return null;
                });
        ParameterRules rules = (ParameterRules) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{ParameterRules.class},
                (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
        FleetConfigurationPolicy policy = new FleetConfigurationPolicy(commands, queries, rules);
        try {
            TemplateUpdated event = new TemplateUpdated("t-1", before, after, "admin", NOW);
            policy.on(event, GenericEventMessage.asEventMessage(event));
        } finally {
            policy.destroy();
        }

        assertThat(sent).hasSize(1);
        CreateJob job = (CreateJob) sent.get(0);
        assertThat(job.spec()).isInstanceOf(JobSpec.DeploySoftware.class);
        assertThat(((JobSpec.DeploySoftware) job.spec()).version()).isEqualTo("V9 R9.9.9");
        assertThat(job.targets()).singleElement().satisfies(t -> assertThat(t.deviceId()).isEqualTo("001ae8001fe1"));
    }
}

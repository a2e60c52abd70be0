package org.deskfleet.command.fleet;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.deskfleet.kernel.ItemChange;
import org.deskfleet.kernel.client.ClientFilter;
import org.deskfleet.kernel.client.ClientIdentity;
import org.deskfleet.kernel.client.ClientIdentityChanged;
import org.deskfleet.kernel.client.ClientPage;
import org.deskfleet.kernel.client.ClientRegistered;
import org.deskfleet.kernel.client.ClientView;
import org.deskfleet.kernel.client.FindClients;
import org.deskfleet.command.configuration.ParameterRules;
import org.deskfleet.kernel.configuration.ParameterValue;
import org.deskfleet.kernel.fleet.ClaimPlugAndPlayClient;
import org.deskfleet.kernel.fleet.FindLayerPlan;
import org.deskfleet.kernel.fleet.FindPlugAndPlay;
import org.deskfleet.kernel.fleet.PlugAndPlayView;
import org.deskfleet.kernel.fleet.LayerPlan;
import org.deskfleet.kernel.fleet.ResolveTemplate;
import org.deskfleet.kernel.fleet.ResolvedTemplate;
import org.deskfleet.kernel.job.CreateJob;
import org.deskfleet.kernel.job.JobSpec;
import org.deskfleet.kernel.job.JobTarget;
import org.deskfleet.kernel.template.FindTemplates;
import org.deskfleet.kernel.template.TemplateDefinition;
import org.deskfleet.kernel.template.TemplateUpdated;
import org.deskfleet.kernel.template.TemplateView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Templates and groups that reach phones by themselves:
 * <ul>
 * <li>a new phone's first start-up: the onboarding templates that serve it become its own values (one job),
 *     and its template and group layers are delivered (one job);</li>
 * <li>a phone whose address, number or type changed may have changed groups: what its layers now say and it
 *     does not have is delivered;</li>
 * <li>the software-update policy: a phone that starts up with other firmware, or a template whose software
 *     changed, gets a software job.</li>
 * </ul>
 * Never twice: every job id is derived from the triggering event's id, so a replay (or a redelivery) creates
 * nothing new: the Job aggregate refuses a second creation, which is ignored here. The processor also starts
 * at the head of the event stream when it is first deployed, so history is not acted on (see the app's
 * fleet configuration).
 */
@Component
@ProcessingGroup(FleetConfigurationPolicy.NAME)
public class FleetConfigurationPolicy implements DisposableBean {

    public static final String NAME = "fleet-configuration-policy";
    static final String ACTOR = "deskfleet";
    static final Duration TIMEOUT = Duration.ofHours(1);
    static final Duration LIFETIME = Duration.ofDays(30);
    private static final Logger log = LoggerFactory.getLogger(FleetConfigurationPolicy.class);
    private static final Set<String> MEMBERSHIP_ITEMS = Set.of("ip-address", "e164", "device-type", "software-type");

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ParameterRules rules;
    // Commands leave the processor's unit of work: jobs are created in units of work of their own.
    private final ExecutorService sender = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "fleet-policy");
        t.setDaemon(true);
        return t;
    });

    public FleetConfigurationPolicy(CommandGateway commands, QueryGateway queries, ParameterRules rules) {
        this.commands = commands;
        this.queries = queries;
        this.rules = rules;
    }

    @EventHandler
    void on(ClientRegistered e, EventMessage<?> message) {
        firstStartUp(e.deviceId(), e.identity(), message.getIdentifier());
    }

    /** A quarantined phone got nothing on its start-up: its approval is its first start-up. */
    @EventHandler
    void on(org.deskfleet.kernel.client.ClientApproved e, EventMessage<?> message) {
        firstStartUp(e.deviceId(), e.identity(), message.getIdentifier());
    }

    private void firstStartUp(String deviceId, ClientIdentity identity, String seed) {
        List<TemplateView> templates = templates();
        plugAndPlay(deviceId, identity, seed);
        if (templates.isEmpty()) {
            return;  // nothing a layer, an onboarding or a software policy could give: spare the queries
        }
        onboard(deviceId, identity, templates, seed);
        deliverLayers(new FindLayerPlan(null, null, null, List.of(new FindLayerPlan.Subject(deviceId, identity, true)), null),
                seed + ":layers", "first start-up: template and group configuration");
        software(List.of(target(deviceId, identity)), templates, seed + ":software");
    }

    @EventHandler
    void on(ClientIdentityChanged e, EventMessage<?> message) {
        String seed = message.getIdentifier();
        boolean membership = e.changes().stream().map(ItemChange::name).anyMatch(MEMBERSHIP_ITEMS::contains);
        if (membership && !templates().isEmpty()) {
            deliverLayers(new FindLayerPlan(null, null, null, List.of(new FindLayerPlan.Subject(e.deviceId(), e.identity(), false)), null),
                    seed + ":layers", "groups follow the phone's " + String.join(", ",
                            e.changes().stream().map(ItemChange::name).filter(MEMBERSHIP_ITEMS::contains).toList()));
        }
        if (e.changes().stream().anyMatch(c -> c.name().equals("software-version"))) {
            software(List.of(target(e.deviceId(), e.identity())), templates(), seed + ":software");
        }
    }

    /** A template's software or its policy changed: the phones it serves are brought to it. */
    @EventHandler
    void on(TemplateUpdated e, EventMessage<?> message) {
        TemplateDefinition before = e.before();
        TemplateDefinition after = e.after();
        boolean changed = !java.util.Objects.equals(before.software(), after.software())
                || before.softwareUpdate() != after.softwareUpdate();
        if (!changed || after.software() == null || !SoftwarePolicy.installs(after.softwareUpdate())) {
            return;
        }
        List<JobTarget> targets = new ArrayList<>();
        String cursor = null;
        do {
            ClientPage page = queries.query(new FindClients(ClientFilter.NONE, 500, cursor, false), ClientPage.class).join();
            page.nodes().stream().filter(c -> after.appliesTo(c.deviceType(), c.softwareType()))
                    .map(FleetConfigurationPolicy::target).forEach(targets::add);
            cursor = page.hasNextPage() ? page.endCursor() : null;
        } while (cursor != null);
        // The template list is the read model's, which may not have this event yet: this template as the
        // event says, the others as the read model has them.
        List<TemplateDefinition> definitions = new ArrayList<>();
        templates().stream().filter(t -> !t.templateId().equals(e.templateId())).map(TemplateView::definition)
                .forEach(definitions::add);
        definitions.add(after);
        softwareFor(targets, definitions, message.getIdentifier() + ":software");
    }

    /**
     * OSEM 4.1: a phone whose MAC, or else whose E164, was created beforehand takes that client: the
     * reservation is claimed (once) and its template's values become the phone's own, in one job.
     */
    private void plugAndPlay(String deviceId, ClientIdentity identity, String seed) {
        List<PlugAndPlayView> found = queries.query(new FindPlugAndPlay(deviceId, identity.e164()),
                ResponseTypes.multipleInstancesOf(PlugAndPlayView.class)).join();
        Optional<PlugAndPlayView> open = found.stream()
                .filter(r -> r.claimedBy() == null || r.claimedBy().equals(deviceId)).findFirst();
        if (open.isEmpty()) {
            return;
        }
        PlugAndPlayView r = open.get();
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        try {
            CompletableFuture.runAsync(() -> commands.sendAndWait(new ClaimPlugAndPlayClient(r.reservationId(), deviceId, now)), sender).join();
        } catch (RuntimeException ex) {
            log.info("Plug&Play client {} not claimed by {}: {}", r.reservationId(), deviceId, ex.getMessage());
            return;
        }
        if (r.deviceType() != null && identity.deviceType() != null && !r.deviceType().equals(identity.deviceType())) {
            log.info("Plug&Play client {} was created as {}, the phone {} is {}", r.reservationId(), r.deviceType(), deviceId,
                    identity.deviceType());
        }
        if (r.templateId() == null) {
            return;
        }
        resolve(r.templateId()).ifPresent(t -> {
            List<ParameterValue> values = t.values().stream().filter(v -> rules.isDeliverable(v.parameter())).toList();
            if (!values.isEmpty()) {
                create(seed + ":plug-and-play", new JobSpec.Configure(values), List.of(target(deviceId, identity)),
                        "Plug&Play client " + r.reservationId() + ": template " + t.definition().name());
            }
        });
    }

    private void onboard(String deviceId, ClientIdentity identity, List<TemplateView> templates, String seed) {
        List<TemplateView> onboarding = templates.stream()
                .filter(t -> t.definition().type() == TemplateDefinition.Type.ONBOARDING
                        && t.definition().serves(identity.deviceType(), identity.softwareType()))
                .sorted(Comparator.comparingInt((TemplateView t) -> t.definition().ranking()).reversed())
                .toList();
        if (onboarding.isEmpty()) {
            return;
        }
        Map<String, ParameterValue> values = new LinkedHashMap<>();
        for (TemplateView t : onboarding) {
            resolve(t.templateId()).ifPresent(r -> r.values().stream().filter(v -> rules.isDeliverable(v.parameter()))
                    .forEach(v -> values.put(v.slot(), v)));
        }
        if (values.isEmpty()) {
            return;
        }
        String names = String.join(", ", onboarding.stream().map(t -> t.definition().name()).toList());
        create(seed + ":onboarding", new JobSpec.Configure(List.copyOf(values.values())),
                List.of(target(deviceId, identity)), "onboarding template " + names);
    }

    private void deliverLayers(FindLayerPlan query, String seed, String reason) {
        LayerPlan plan = queries.query(query, LayerPlan.class).join();
        if (plan.clients().isEmpty()) {
            return;
        }
        Map<String, ResolvedTemplate> resolved = new HashMap<>();
        plan.templateIds().forEach(id -> resolve(id).ifPresent(r -> resolved.put(id, r)));
        int n = 0;
        for (LayerPlan.Batch b : plan.batches(resolved)) {
            create(seed + ":" + n++, new JobSpec.Configure(b.values(), "TEMPLATE"),
                    b.clients().stream().map(c -> new JobTarget(c.deviceId(), c.e164(), c.deviceType(), c.softwareType(),
                            c.softwareVersion())).toList(), reason);
        }
    }

    private void software(List<JobTarget> targets, List<TemplateView> templates, String seed) {
        softwareFor(targets, templates.stream().map(TemplateView::definition).toList(), seed);
    }

    private void softwareFor(List<JobTarget> targets, List<TemplateDefinition> definitions, String seed) {
        Map<TemplateDefinition.SoftwareImage, List<JobTarget>> byImage = new LinkedHashMap<>();
        for (JobTarget t : targets) {
            SoftwarePolicy.decide(definitions, t.deviceType(), t.softwareType(), t.softwareVersion())
                    .ifPresent(image -> byImage.computeIfAbsent(image, k -> new ArrayList<>()).add(t));
        }
        int n = 0;
        for (var e : byImage.entrySet()) {
            create(seed + ":" + n++, new JobSpec.DeploySoftware(e.getKey().url(), null, e.getKey().version(), false),
                    e.getValue(), "software-update policy: " + e.getKey().version());
        }
    }

    private Optional<ResolvedTemplate> resolve(String templateId) {
        try {
            return Optional.of(CompletableFuture.supplyAsync(() -> commands.<ResolvedTemplate>sendAndWait(new ResolveTemplate(templateId)),
                    sender).join());
        } catch (RuntimeException ex) {
            log.info("template {} not resolved (deleted meanwhile?): {}", templateId, ex.getMessage());
            return Optional.empty();
        }
    }

    private void create(String seed, JobSpec spec, List<JobTarget> targets, String reason) {
        String jobId = "job-" + UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        CreateJob command = new CreateJob(jobId, spec, targets, null, TIMEOUT, LIFETIME, ACTOR, reason, now);
        try {
            CompletableFuture.runAsync(() -> commands.sendAndWait(command), sender).join();
            log.info("{} job {} for {} client(s): {}", spec.type(), jobId, targets.size(), reason);
        } catch (RuntimeException ex) {
            // A replayed event: the job exists already. Anything else (values refused) is told once here.
            log.info("{} job {} not created: {}", spec.type(), jobId, ex.getMessage());
        }
    }

    private List<TemplateView> templates() {
        return queries.query(new FindTemplates(null), ResponseTypes.multipleInstancesOf(TemplateView.class)).join();
    }

    private static JobTarget target(String deviceId, ClientIdentity i) {
        return new JobTarget(deviceId, i.e164(), i.deviceType(), i.softwareType(), i.softwareVersion());
    }

    private static JobTarget target(ClientView c) {
        return new JobTarget(c.deviceId(), c.e164(), c.deviceType(), c.softwareType(), c.softwareVersion());
    }

    @Override
    public void destroy() {
        sender.shutdownNow();
    }
}

package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.simulator.live.LiveFleet;
import org.deskfleet.simulator.live.LiveOptions;
import org.deskfleet.simulator.live.LivePhone;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fleet configuration end to end with live simulated phones over TLS: one way to configure a phone (a job),
 * templates and groups that deliver, Plug&Play, copy client, template from client.
 * <p>
 * A server of its own: templates and groups reach every phone a server knows, and on the server the other
 * end-to-end classes share, that includes their phones, which are not live (their targets would only time
 * out). The context is closed after the class, so it does not run beside the later classes.
 */
@org.springframework.test.annotation.DirtiesContext(classMode = org.springframework.test.annotation.DirtiesContext.ClassMode.AFTER_CLASS)
class FleetConfigurationE2eTest extends JobSupport {

    static final java.nio.file.Path OWN_DATA = ownData();

    private static java.nio.file.Path ownData() {
        try {
            return java.nio.file.Files.createTempDirectory("deskfleet-e2e-fleet");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @org.springframework.test.context.DynamicPropertySource
    static void ownServer(org.springframework.test.context.DynamicPropertyRegistry registry) {
        registry.add("deskfleet.e2e.own-data", OWN_DATA::toString);
    }

    @Override
    java.nio.file.Path serverData() {
        return OWN_DATA;
    }

    static final String SNTP = "general.date-time.sntp-server-address";

    /**
     * The next test's templates and groups reach every client the server knows, and these phones stop
     * answering when their test ends: they leave with it.
     */
    void forget(List<SimulatedPhone> phones) {
        List<String> ids = phones.stream().map(p -> id(p.mac())).toList();
        graphql.execute("mutation($ids: [ID!]!) { deleteClients(deviceIds: $ids) }", Map.of("ids", ids));
        await(() -> graphql.data("{ clients(first: 1) { totalCount } }").get("clients").get("totalCount").asLong(),
                n -> n == 0, "the test's clients gone");
    }

    JsonNode changeClient(String mac, String value, String extra) {
        return graphql.execute("""
                mutation($id: ID!) { changeClientConfiguration(deviceId: $id, reason: "new time server",
                  changes: [{parameter: "%s", value: %s}]%s) { deviceId jobId } }
                """.formatted(SNTP, value == null ? "null" : "\"" + value + "\"", extra), Map.of("id", mac));
    }

    JsonNode effective(String mac, String parameter) {
        JsonNode config = graphql.data("query($id: ID!) { client(deviceId: $id) { configuration(onlySet: true) { parameter value layer origin drift } } }",
                Map.of("id", mac)).get("client").get("configuration");
        for (JsonNode v : config) {
            if (v.get("parameter").asText().equals(parameter)) {
                return v;
            }
        }
        return null;
    }

    @Test
    void changingAClientIsAJobDeliveredNowOrLaterAndRecordingOnlyIsExplicit() throws Exception {
        List<SimulatedPhone> phones = SimulatedPhone.fleet(5101, 0, 2);
        try (LiveFleet fleet = LiveFleet.start(simulator, phones, LiveOptions.defaults())) {
            assertThat(fleet.startUpAll(2).registered()).isEqualTo(2);
            awaitProjectionsCaughtUp();
            LivePhone now = fleet.phones().get(0);
            LivePhone later = fleet.phones().get(1);

            JsonNode r = changeClient(now.mac(), "10.51.0.1", "");
            assertThat(r.get("errors")).as(r.toString()).isNull();
            String jobId = r.get("data").get("changeClientConfiguration").get("jobId").asText();
            JsonNode job = awaitJobEnded(jobId);
            assertThat(job.get("state").asText()).isEqualTo("SUCCESS");
            assertThat(job.get("type").asText()).isEqualTo("CONFIGURATION");
            assertThat(now.phone().value("sntp-addr")).contains("10.51.0.1");
            JsonNode v = await(() -> effective(now.mac(), SNTP), x -> x != null && x.get("drift").asText().equals("IN_SYNC"), "in sync");
            assertThat(v.get("layer").asText()).isEqualTo("CLIENT");
            assertThat(v.get("value").asText()).isEqualTo("10.51.0.1");

            // Scheduled (OSEM 7.1.6): the job waits, nothing reaches the phone yet.
            Instant at = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
            JsonNode planned = changeClient(later.mac(), "10.51.0.2", ", options: {plannedAt: \"" + at + "\"}");
            String plannedJob = planned.get("data").get("changeClientConfiguration").get("jobId").asText();
            JsonNode created = await(() -> job(plannedJob), j -> !j.isNull(), "planned job visible");
            assertThat(created.get("state").asText()).isEqualTo("CREATED");
            assertThat(later.phone().value("sntp-addr")).isNotEqualTo(java.util.Optional.of("10.51.0.2"));

            // Recording only, explicitly: no job; a removal needs it.
            JsonNode recorded = changeClient(later.mac(), "10.51.0.3", ", deliver: false");
            assertThat(recorded.get("errors")).as(recorded.toString()).isNull();
            assertThat(recorded.get("data").get("changeClientConfiguration").get("jobId").isNull()).isTrue();
            await(() -> effective(later.mac(), SNTP), x -> x != null && x.get("value").asText().equals("10.51.0.3"), "recorded value");
            JsonNode removal = changeClient(later.mac(), null, "");
            assertThat(removal.get("errors").get(0).get("message").asText()).contains("a value is needed to deliver it")
                    .contains("deliver: false");
            JsonNode undeliverable = graphql.execute("""
                    mutation($id: ID!) { changeClientConfiguration(deviceId: $id, changes: [{parameter: "general.bluetooth.ibeacon-major", value: "7"}]) { jobId } }
                    """, Map.of("id", later.mac()));
            assertThat(undeliverable.toString()).contains("not-deliverable").contains("deliver: false");
        } finally {
            forget(phones);
        }
    }

    static final String SNTP_BACKUP = "general.date-time.sntp-backup-server-address";

    String createTemplate(String name, String type, int ranking, List<String> software, List<String> clients) {
        return graphql.data("mutation($t: TemplateInput!) { createTemplate(template: $t) { id } }",
                Map.of("t", Map.of("name", name, "type", type, "ranking", ranking, "supportedSoftware", software,
                        "supportedClients", clients))).get("createTemplate").get("id").asText();
    }

    JsonNode setTemplate(String id, String parameter, String value) {
        return graphql.execute("""
                mutation($id: ID!) { changeTemplateConfiguration(id: $id, changes: [{parameter: "%s", value: "%s"}]) { id } }
                """.formatted(parameter, value), Map.of("id", id));
    }

    void deleteTemplates(List<String> ids) {
        graphql.data("mutation($ids: [ID!]!) { deleteTemplates(ids: $ids) }", Map.of("ids", ids));
    }

    /** The configuration jobs whose targets include a device (newest first). */
    List<JsonNode> jobsOf(String mac) {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (JsonNode j : graphql.data("{ jobs(first: 500) { nodes { id type state reason initiator } } }").get("jobs").get("nodes")) {
            JsonNode full = job(j.get("id").asText());
            if (full != null && !full.isNull() && targets(full).containsKey(id(mac))) {
                out.add(full);
            }
        }
        return out;
    }

    @Test
    void templatesDeliverOnboardingRolloutApplyAndSoftwarePolicy() throws Exception {
        List<SimulatedPhone> phones = SimulatedPhone.fleet(5102, 0, 6);
        List<String> templates = new java.util.ArrayList<>();
        try (LiveFleet old = LiveFleet.start(simulator, phones.subList(0, 3), LiveOptions.defaults())) {
            assertThat(old.startUpAll(3).registered()).isEqualTo(3);
            awaitProjectionsCaughtUp();

            // Onboarding: new phones only.
            String onboarding = createTemplate("Onboarding 5102", "ONBOARDING", 1, List.of(), List.of());
            templates.add(onboarding);
            assertThat(setTemplate(onboarding, SNTP_BACKUP, "10.52.0.9").get("errors")).isNull();
            try (LiveFleet fresh = LiveFleet.start(simulator, phones.subList(3, 6), LiveOptions.defaults())) {
                assertThat(fresh.startUpAll(3).registered()).isEqualTo(3);
                for (LivePhone p : fresh.phones()) {
                    await(() -> p.phone().value("sntp-addr-backup").orElse(""), "10.52.0.9"::equals, "onboarding of " + p.mac(), JOB_WAIT);
                    JsonNode v = await(() -> effective(p.mac(), SNTP_BACKUP), x -> x != null && x.get("drift").asText().equals("IN_SYNC"),
                            "onboarding value recorded");
                    assertThat(v.get("layer").asText()).isEqualTo("CLIENT");
                }
                for (LivePhone p : old.phones()) {
                    assertThat(p.phone().value("sntp-addr-backup")).isNotEqualTo(java.util.Optional.of("10.52.0.9"));
                }
                deleteTemplates(List.of(onboarding));
                templates.remove(onboarding);

                // A default template changes: the preview says who and what; one job brings them there.
                LivePhone own = old.phones().get(0);
                assertThat(changeClient(own.mac(), "10.52.9.9", ", deliver: false").get("errors")).isNull();
                String sip = createTemplate("SIP 5102", "DEFAULT", 3, List.of("SIP"), List.of());
                templates.add(sip);
                assertThat(setTemplate(sip, SNTP, "10.52.1.1").get("errors")).isNull();
                JsonNode preview = graphql.data("""
                        query($id: ID!) { templateRolloutPreview(id: $id, first: 1000) { clientCount parameterCount millis
                          clients { deviceId values { parameter layer origin value current } } } }
                        """, Map.of("id", sip)).get("templateRolloutPreview");
                java.util.Set<String> previewed = new java.util.HashSet<>();
                preview.get("clients").forEach(c -> previewed.add(c.get("deviceId").asText()));
                for (LivePhone p : List.of(old.phones().get(1), old.phones().get(2), fresh.phones().get(0))) {
                    assertThat(previewed).contains(id(p.mac()));
                }
                assertThat(previewed).doesNotContain(id(own.mac()));
                assertThat(preview.get("clients").get(0).get("values").get(0).get("origin").asText()).isEqualTo("template SIP 5102");
                assertThat(preview.get("clients").get(0).get("values").get(0).get("current").asText()).isEqualTo("10.40.1.2");

                JsonNode rollout = graphql.data("mutation($id: ID!) { rolloutTemplate(id: $id) { jobIds clientCount } }",
                        Map.of("id", sip)).get("rolloutTemplate");
                assertThat(rollout.get("jobIds")).hasSize(1);
                JsonNode job = awaitJobEnded(rollout.get("jobIds").get(0).asText());
                assertThat(job.get("state").asText()).isEqualTo("SUCCESS");
                for (LivePhone p : List.of(old.phones().get(1), fresh.phones().get(2))) {
                    assertThat(p.phone().value("sntp-addr")).contains("10.52.1.1");
                    JsonNode v = await(() -> effective(p.mac(), SNTP), x -> x.get("drift").asText().equals("IN_SYNC"), "in sync");
                    assertThat(v.get("layer").asText()).isEqualTo("TEMPLATE");
                    assertThat(v.get("origin").asText()).isEqualTo("template SIP 5102");
                }
                // The layer stays the template's: the client has no own value for it.
                assertThat(graphql.data("query($id: ID!) { client(deviceId: $id) { desired { parameter } } }",
                        Map.of("id", old.phones().get(1).mac())).toString()).doesNotContain(SNTP);
                assertThat(graphql.data("query($id: ID!) { templateRolloutPreview(id: $id) { clientCount } }", Map.of("id", sip))
                        .get("templateRolloutPreview").get("clientCount").asInt()).isZero();

                // Removal preview: what falls back to what.
                JsonNode removal = graphql.data("query($id: ID!) { removalPreview(id: $id, first: 1000) { clientCount clients { deviceId values { parameter layer origin value current } } } }",
                        Map.of("id", sip)).get("removalPreview");
                assertThat(removal.get("clientCount").asInt()).isGreaterThanOrEqualTo(5);
                assertThat(removal.toString()).contains("\"layer\":\"DEFAULT\"").contains("\"current\":\"10.52.1.1\"");

                // Apply a template to chosen clients: their own values; a device the template cannot serve is refused.
                String hfa = createTemplate("HFA 5102", "DEFAULT", 2, List.of("HFA"), List.of());
                templates.add(hfa);
                assertThat(setTemplate(hfa, SNTP_BACKUP, "10.52.3.3").get("errors")).isNull();
                JsonNode refused = graphql.execute("mutation($id: ID!, $ids: [ID!]) { applyTemplate(id: $id, targets: {deviceIds: $ids}) { jobId } }",
                        Map.of("id", hfa, "ids", List.of(own.mac())));
                assertThat(refused.get("errors").get(0).get("message").asText()).contains("cannot serve").contains("nothing was created");
                JsonNode unservable = setTemplate(hfa, "telephony.keyset-settings.reservation-timer-seconds", "10");
                assertThat(unservable.get("errors").toString()).contains("software-type").contains("HFA 5102");
                String apply = graphql.data("mutation($id: ID!, $ids: [ID!]) { applyTemplate(id: $id, targets: {deviceIds: $ids}) { jobId } }",
                        Map.of("id", sip, "ids", List.of(own.mac()))).get("applyTemplate").get("jobId").asText();
                assertThat(awaitJobEnded(apply).get("state").asText()).isEqualTo("SUCCESS");
                assertThat(own.phone().value("sntp-addr")).contains("10.52.1.1");

                // Software-update policy: the template's firmware, newer than the phones'.
                LivePhone target = fresh.phones().get(1);
                graphql.data("""
                        mutation($id: ID!) { updateTemplate(id: $id, template: {name: "SIP 5102", ranking: 3, supportedSoftware: ["SIP"],
                          softwareUpdate: "ONLY_NEWER_VERSIONS", software: {url: "https://files.example.test/sip.img", version: "V9 R9.9.9"}}) { id } }
                        """, Map.of("id", sip));
                await(() -> target.phone().softwareVersion(), "V9 R9.9.9"::equals, "firmware installed", JOB_WAIT);
                JsonNode sw = await(() -> jobsOf(target.mac()).stream().filter(j -> j.get("type").asText().equals("SOFTWARE_DEPLOYMENT")).findFirst(),
                        java.util.Optional::isPresent, "software job").get();
                assertThat(awaitJobEnded(sw.get("id").asText()).get("state").asText()).isEqualTo("SUCCESS");
            }
        } finally {
            if (!templates.isEmpty()) {
                deleteTemplates(templates);
            }
            forget(phones);
        }
    }

    static final String TZ = "general.date-time.sntp-timezone-offset-minutes";

    String createGroup(String name, String range, List<String> templateIds) {
        JsonNode r = createGroupRaw(name, range, templateIds);
        assertThat(r.get("errors")).as(r.toString()).isNull();
        return r.get("data").get("createGroup").get("id").asText();
    }

    JsonNode createGroupRaw(String name, String range, List<String> templateIds) {
        return graphql.execute("mutation($g: GroupInput!) { createGroup(group: $g) { id memberCount } }",
                Map.of("g", Map.of("name", name, "description", "by address", "templateIds", templateIds,
                        "filters", Map.of("ipRange", range))));
    }

    JsonNode awaitValue(LivePhone p, String item, String value) {
        await(() -> p.phone().value(item).orElse(""), value::equals, item + " = " + value + " on " + p.mac(), JOB_WAIT);
        return null;
    }

    /** Hundreds of phones at once on a shared machine: the projections get more time than one phone needs. */
    void awaitCaughtUp() {
        long head = axon.eventStore().createHeadToken().position().orElse(-1);
        await(() -> processing.eventProcessors().values().stream()
                        .filter(p -> p instanceof org.axonframework.eventhandling.StreamingEventProcessor)
                        .map(p -> (org.axonframework.eventhandling.StreamingEventProcessor) p)
                        .allMatch(p -> !p.processingStatus().isEmpty() && p.processingStatus().values().stream()
                                .allMatch(st -> st.getCurrentPosition().orElse(-1) >= head)),
                Boolean::booleanValue, "projections to reach position " + head, java.time.Duration.ofMinutes(3));
    }

    static boolean inLowerHalf(String ip) {
        return Integer.parseInt(ip.split("\\.")[1]) < 128;
    }

    /**
     * Acceptance, 300 live phones of mixed types: onboarding reaches new phones only; a group by IP range gets a
     * template and all its members end in sync; a phone whose IP changes moves between groups and its
     * configuration follows; a Plug&Play client created by E164 gets its template when its phone first calls;
     * copy client; template from client and back. Bad input is refused with nothing changed.
     */
    @Test
    void aFleetOfMixedPhonesGetsItsConfigurationFromTemplatesGroupsAndPlugAndPlay() throws Exception {
        int n = Integer.getInteger("fleet.e2e.phones", 300);
        List<SimulatedPhone> all = SimulatedPhone.fleet(5301, 0, n);
        assertThat(all.stream().map(SimulatedPhone::deviceType).distinct().count()).isGreaterThan(2);
        List<String> templates = new java.util.ArrayList<>();
        List<String> groups = new java.util.ArrayList<>();
        try (LiveFleet fleet = LiveFleet.start(simulator, all.subList(0, n - 30), LiveOptions.defaults())) {
            assertThat(fleet.startUpAll(16).registered()).isEqualTo(n - 30);
            awaitCaughtUp();

            String onboarding = createTemplate("Onboarding 5301", "ONBOARDING", 1, List.of(), List.of());
            templates.add(onboarding);
            assertThat(setTemplate(onboarding, SNTP_BACKUP, "10.53.0.9").get("errors")).isNull();
            SimulatedPhone pnp = all.get(n - 1);
            // Chosen for the Plug&Play client; as a default template it serves no phone here (all run SIP).
            String pnpTemplate = createTemplate("Plug&Play 5301", "DEFAULT", 5, List.of("HFA"), List.of(pnp.deviceType()));
            templates.add(pnpTemplate);
            assertThat(setTemplate(pnpTemplate, TZ, "120").get("errors")).isNull();

            // Plug&Play by E164 only; the number or MAC of a registered phone is taken.
            JsonNode taken = graphql.execute("mutation($c: PlugAndPlayInput!) { createClient(client: $c) { reservationId } }",
                    Map.of("c", Map.of("e164", all.get(0).e164(), "deviceType", "OpenStage 60")));
            assertThat(taken.get("errors").get(0).get("message").asText()).contains("already taken");
            JsonNode macTaken = graphql.execute("mutation($c: PlugAndPlayInput!) { createClient(client: $c) { reservationId } }",
                    Map.of("c", Map.of("deviceId", all.get(0).mac(), "deviceType", "OpenStage 60")));
            assertThat(macTaken.get("errors").get(0).get("message").asText()).contains("already taken");
            JsonNode created = graphql.data("mutation($c: PlugAndPlayInput!) { createClient(client: $c) { reservationId e164 claimedBy } }",
                    Map.of("c", Map.of("e164", pnp.e164(), "deviceType", pnp.deviceType(), "templateId", pnpTemplate, "secureMode", false)))
                    .get("createClient");
            assertThat(created.get("claimedBy").isNull()).isTrue();
            JsonNode twice = graphql.execute("mutation($c: PlugAndPlayInput!) { createClient(client: $c) { reservationId } }",
                    Map.of("c", Map.of("e164", pnp.e164(), "deviceType", pnp.deviceType())));
            assertThat(twice.get("errors").get(0).get("message").asText()).contains("already taken");
            awaitCaughtUp();

            try (LiveFleet fresh = LiveFleet.start(simulator, all.subList(n - 30, n), LiveOptions.defaults())) {
                assertThat(fresh.startUpAll(10).registered()).isEqualTo(30);
                for (LivePhone p : fresh.phones()) {
                    awaitValue(p, "sntp-addr-backup", "10.53.0.9");
                }
                LivePhone pnpPhone = fresh.phone(pnp.mac());
                awaitValue(pnpPhone, "sntp-tz-offset", "120");
                for (LivePhone p : fresh.phones()) {
                    if (p != pnpPhone) {
                        assertThat(p.phone().value("sntp-tz-offset")).as("not Plug&Play: " + p.mac()).contains("60");
                    }
                }
                await(() -> graphql.data("{ plugAndPlayClients { e164 claimedBy } }").get("plugAndPlayClients").toString(),
                        t -> t.contains(id(pnp.mac())), "the reservation claimed");
                for (LivePhone p : fleet.phones()) {
                    assertThat(p.phone().value("sntp-addr-backup")).as("old phone " + p.mac()).isNotEqualTo(java.util.Optional.of("10.53.0.9"));
                }
                deleteTemplates(List.of(onboarding, pnpTemplate));
                templates.removeAll(List.of(onboarding, pnpTemplate));

                // Groups by IP range, each with its template.
                String a = createTemplate("Range A 5301", "DEFAULT", 4, List.of(), List.of());
                String b = createTemplate("Range B 5301", "DEFAULT", 4, List.of(), List.of());
                templates.addAll(List.of(a, b));
                setTemplate(a, SNTP, "10.53.1.1");
                setTemplate(b, SNTP, "10.53.2.2");
                String ga = createGroup("A 5301", "127.0.0.0/9", List.of(a));
                groups.add(ga);
                String gb = createGroup("B 5301", "127.128.0.0-127.255.255.255", List.of(b));
                groups.add(gb);
                List<LivePhone> everyone = new java.util.ArrayList<>(fleet.phones());
                everyone.addAll(fresh.phones());
                // Addresses as the server knows them (what the phones report).
                Map<String, String> ips = new java.util.HashMap<>();
                for (LivePhone p : everyone) {
                    JsonNode c = graphql.data("query($id: ID!) { client(deviceId: $id) { ipAddress } }", Map.of("id", p.mac())).get("client");
                    ips.put(id(p.mac()), c.get("ipAddress").asText());
                }
                long lower = everyone.stream().filter(p -> inLowerHalf(ips.get(id(p.mac())))).count();
                JsonNode groupA = graphql.data("query($id: ID!) { group(id: $id) { name memberCount filters { ipRange } } }", Map.of("id", ga)).get("group");
                assertThat(groupA.get("memberCount").asLong()).isEqualTo(lower);
                assertThat(graphql.data("query($g: ID) { clients(filter: {group: $g}, first: 500) { totalCount } }", java.util.Collections.singletonMap("g", gb))
                        .get("clients").get("totalCount").asLong()).isEqualTo(n - lower);

                // Bad input: changes nothing.
                JsonNode conflict = createGroupRaw("C 5301", "127.0.0.0/8", List.of(b));
                assertThat(conflict.get("errors").get(0).get("message").asText()).contains("conflicts with other groups").contains("A 5301");
                assertThat(createGroupRaw("D 5301", "127.0.0.300/8", List.of(b)).get("errors").get(0).get("message").asText())
                        .contains("127.0.0.300/8");
                assertThat(createGroupRaw("E 5301", "127.0.0.0/9", List.of("no-such-template")).get("errors").get(0).get("message").asText())
                        .contains("unknown template");
                JsonNode inUse = graphql.execute("mutation($ids: [ID!]!) { deleteTemplates(ids: $ids) }", Map.of("ids", List.of(a)));
                assertThat(inUse.get("errors").get(0).get("message").asText()).contains("used by group \"A 5301\"");
                assertThat(graphql.data("{ groups { name } }").get("groups").toString()).doesNotContain("C 5301", "D 5301", "E 5301");

                // Preview, one job per group, every member in sync.
                long t0 = System.nanoTime();
                JsonNode preview = graphql.data("query($id: ID!) { groupRolloutPreview(id: $id, first: 5) { clientCount parameterCount millis } }",
                        Map.of("id", ga)).get("groupRolloutPreview");
                assertThat(preview.get("clientCount").asLong()).isEqualTo(lower);
                for (String g : List.of(ga, gb)) {
                    JsonNode delivery = graphql.data("mutation($id: ID!) { rolloutGroup(id: $id) { jobIds clientCount } }", Map.of("id", g)).get("rolloutGroup");
                    assertThat(delivery.get("jobIds")).hasSize(1);
                    assertThat(awaitJobEnded(delivery.get("jobIds").get(0).asText()).get("state").asText()).isEqualTo("SUCCESS");
                    assertThat(graphql.data("query($id: ID!) { groupRolloutPreview(id: $id) { clientCount } }", Map.of("id", g))
                            .get("groupRolloutPreview").get("clientCount").asInt()).as("members not in sync").isZero();
                }
                System.out.printf("group rollout to %d + %d phones: preview %d ms, jobs done in %d ms%n", lower, n - lower,
                        preview.get("millis").asLong(), (System.nanoTime() - t0) / 1_000_000);
                LivePhone mover = everyone.stream().filter(p -> inLowerHalf(ips.get(id(p.mac())))).findFirst().orElseThrow();
                JsonNode before = effective(mover.mac(), SNTP);
                assertThat(before.get("layer").asText()).isEqualTo("GROUP");
                assertThat(before.get("origin").asText()).isEqualTo("group A 5301 (template Range A 5301)");
                assertThat(before.get("drift").asText()).isEqualTo("IN_SYNC");

                // The phone moves to the other range: its groups and configuration follow.
                mover.phone().setItem("ipaddress", "127.200.7.7");
                mover.phone().markConfigurationChanged(true);
                mover.interact(org.deskfleet.wpi.codec.Reason.LOCAL_CHANGES).get(30, java.util.concurrent.TimeUnit.SECONDS).requireOk();
                awaitValue(mover, "sntp-addr", "10.53.2.2");
                // The policy planned the job from the event itself; the read model's copy of the phone's address
                // follows the projections, which two rollouts of hundreds of phones may have left behind.
                awaitCaughtUp();
                JsonNode after = await(() -> effective(mover.mac(), SNTP), v -> v.get("drift").asText().equals("IN_SYNC")
                        && v.get("value").asText().equals("10.53.2.2"), "moved phone in sync");
                assertThat(after.get("origin").asText()).isEqualTo("group B 5301 (template Range B 5301)");
                assertThat(graphql.data("query($id: ID!) { client(deviceId: $id) { groups { name } groupConflicts } }",
                        Map.of("id", mover.mac())).get("client").toString()).contains("B 5301").doesNotContain("A 5301");

                // Copy client: X's own values to Y. Template from X, and back to Z.
                LivePhone x = fleet.phones().get(10);
                LivePhone y = fleet.phones().get(11);
                LivePhone z = fleet.phones().get(12);
                String own = changeClient(x.mac(), "10.53.7.7", "").get("data").get("changeClientConfiguration").get("jobId").asText();
                assertThat(awaitJobEnded(own).get("state").asText()).isEqualTo("SUCCESS");
                awaitCaughtUp();
                String copy = graphql.data("mutation($f: ID!, $t: ID!) { copyClient(from: $f, to: $t) { jobId } }",
                        Map.of("f", x.mac(), "t", y.mac())).get("copyClient").get("jobId").asText();
                assertThat(awaitJobEnded(copy).get("state").asText()).isEqualTo("SUCCESS");
                assertThat(y.phone().value("sntp-addr")).contains("10.53.7.7");
                assertThat(await(() -> effective(y.mac(), SNTP), v -> v.get("layer").asText().equals("CLIENT"), "copied").get("value").asText())
                        .isEqualTo("10.53.7.7");
                JsonNode fromX = graphql.data("mutation($id: ID!) { createTemplateFromClient(deviceId: $id, template: {name: \"From X 5301\", ranking: 9, supportedClients: [\"Nothing 1\"]}) { templateId parameterCount } }",
                        Map.of("id", x.mac())).get("createTemplateFromClient");
                String fromXId = fromX.get("templateId").asText();
                templates.add(fromXId);
                assertThat(fromX.get("parameterCount").asInt()).isGreaterThanOrEqualTo(1);
                assertThat(await(() -> graphql.data("query($id: ID!) { template(id: $id) { configuration { parameter value } } }", Map.of("id", fromXId))
                        .get("template"), t -> !t.isNull() && t.toString().contains("10.53.7.7"), "template from client").toString()).contains(SNTP);
                graphql.data("mutation($id: ID!) { updateTemplate(id: $id, template: {name: \"From X 5301\", ranking: 9, supportedClients: [\"%s\"]}) { id } }"
                        .formatted(z.phone().deviceType()), Map.of("id", fromXId));
                String back = graphql.data("mutation($id: ID!, $ids: [ID!]) { applyTemplate(id: $id, targets: {deviceIds: $ids}) { jobId } }",
                        Map.of("id", fromXId, "ids", List.of(z.mac()))).get("applyTemplate").get("jobId").asText();
                assertThat(awaitJobEnded(back).get("state").asText()).isEqualTo("SUCCESS");
                assertThat(z.phone().value("sntp-addr")).contains("10.53.7.7");
            }
        } finally {
            if (!groups.isEmpty()) {
                graphql.data("mutation($ids: [ID!]!) { deleteGroups(ids: $ids) }", Map.of("ids", groups));
                awaitCaughtUp();
            }
            if (!templates.isEmpty()) {
                deleteTemplates(templates);
            }
            forget(all);
        }
    }
}

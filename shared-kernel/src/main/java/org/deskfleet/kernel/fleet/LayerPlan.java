package org.deskfleet.kernel.fleet;

import java.util.List;

/** What bringing clients to their template and group layers would change (a preview), client by client. */
public record LayerPlan(List<ClientPlan> clients) {

    public LayerPlan {
        clients = List.copyOf(clients);
    }

    /** Values for one job and the clients that take exactly those values. */
    public record Batch(List<org.deskfleet.kernel.configuration.ParameterValue> values, List<ClientPlan> clients) {
    }

    /**
     * The jobs that bring the clients there: one per distinct set of values (clients whose own values shadow
     * different parameters need different sets; usually there is one). Values come from the templates as
     * they are now (secrets in clear, for the job to encrypt); a value a template no longer holds is left out.
     */
    public List<Batch> batches(java.util.Map<String, ResolvedTemplate> templates) {
        java.util.Map<java.util.List<org.deskfleet.kernel.configuration.ParameterValue>, List<ClientPlan>> bySet = new java.util.LinkedHashMap<>();
        for (ClientPlan c : clients) {
            java.util.List<org.deskfleet.kernel.configuration.ParameterValue> values = new java.util.ArrayList<>();
            for (PlannedValue v : c.values()) {
                ResolvedTemplate t = v.sourceId() == null ? null : templates.get(v.sourceId());
                if (t == null || !v.deliverable()) {
                    continue;
                }
                t.values().stream().filter(x -> x.parameter().equals(v.parameter()) && java.util.Objects.equals(x.index(), v.index()))
                        .findFirst().ifPresent(values::add);
            }
            if (!values.isEmpty()) {
                values.sort(java.util.Comparator.comparing(org.deskfleet.kernel.configuration.ParameterValue::slot));
                bySet.computeIfAbsent(List.copyOf(values), k -> new java.util.ArrayList<>()).add(c);
            }
        }
        return bySet.entrySet().stream().map(e -> new Batch(e.getKey(), List.copyOf(e.getValue()))).toList();
    }

    /** Every template a value comes from. */
    public java.util.Set<String> templateIds() {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        clients.forEach(c -> c.values().forEach(v -> {
            if (v.sourceId() != null) {
                ids.add(v.sourceId());
            }
        }));
        return ids;
    }

    public int parameterCount() {
        return clients.stream().mapToInt(c -> c.values().size()).sum();
    }

    public record ClientPlan(String deviceId, String e164, String deviceType, String softwareType,
                             String softwareVersion, List<PlannedValue> values) {
        public ClientPlan {
            values = List.copyOf(values);
        }
    }

    /**
     * One parameter that would change. {@code sourceId} is the template whose value applies (also for a
     * group layer: the group's template), {@code origin} names it ("template X", "group G (template X)").
     * {@code value} is what applies (null for secrets, and for a removal that leaves only the default),
     * {@code current} what applies or is reported now.
     */
    public record PlannedValue(String parameter, Integer index, String layer, String sourceId, String origin,
                               String value, String current, boolean secret, boolean deliverable) {
    }
}

package org.deskfleet.api.report;

import org.axonframework.queryhandling.QueryGateway;
import org.deskfleet.api.client.ClientController.PageInfo;
import org.deskfleet.kernel.DeviceId;
import org.deskfleet.kernel.InvalidInput;
import org.deskfleet.kernel.report.DriftReport;
import org.deskfleet.kernel.report.FindDriftReport;
import org.deskfleet.kernel.report.FindFirmwareReport;
import org.deskfleet.kernel.report.FindFleetAt;
import org.deskfleet.kernel.report.FirmwareReport;
import org.deskfleet.kernel.report.FleetAt;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The reports of the GraphQL API, answered by the query side through Axon's query bus. Cursors are device ids. */
@Controller
public class ReportController {

    static final int MAX_PAGE = 500;

    private final QueryGateway queries;

    public ReportController(QueryGateway queries) {
        this.queries = queries;
    }

    @QueryMapping
    public CompletableFuture<FirmwareReport> firmwareReport() {
        return queries.query(new FindFirmwareReport(), FirmwareReport.class);
    }

    @QueryMapping
    public CompletableFuture<Map<String, Object>> driftReport(@Argument String parameter, @Argument Integer first,
                                                              @Argument String after) {
        if (parameter == null || parameter.isBlank()) {
            throw new InvalidInput("parameter is missing");
        }
        return queries.query(new FindDriftReport(parameter.strip(), size(first), cursor(after)), DriftReport.class)
                .thenApply(r -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("parameter", r.parameter());
                    m.put("clients", r.clients());
                    m.put("inSync", r.inSync());
                    m.put("drifted", r.drifted());
                    m.put("counts", r.counts());
                    m.put("nodes", r.nodes());
                    m.put("pageInfo", new PageInfo(r.endCursor(), r.hasNextPage()));
                    return m;
                });
    }

    @QueryMapping
    public CompletableFuture<Map<String, Object>> fleetAt(@Argument Instant time, @Argument Integer first,
                                                          @Argument String after) {
        return queries.query(new FindFleetAt(time, size(first), cursor(after)), FleetAt.class)
                .thenApply(r -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("time", r.time());
                    m.put("totalCount", r.totalCount());
                    m.put("nodes", r.nodes());
                    m.put("pageInfo", new PageInfo(r.endCursor(), r.hasNextPage()));
                    m.put("eventsRead", r.eventsRead());
                    return m;
                });
    }

    private static int size(Integer first) {
        int size = first == null ? 50 : first;
        if (size < 0 || size > MAX_PAGE) {
            throw new InvalidInput("first must be between 0 and " + MAX_PAGE + ", got " + size);
        }
        return size;
    }

    private static String cursor(String after) {
        if (after == null) {
            return null;
        }
        if (!DeviceId.isValid(after)) {
            throw new InvalidInput("after must be the endCursor of a previous page (a device id), got '" + after + "'");
        }
        return DeviceId.parse(after).value();
    }
}

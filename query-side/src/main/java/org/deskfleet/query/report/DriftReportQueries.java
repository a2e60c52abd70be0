package org.deskfleet.query.report;

import org.axonframework.queryhandling.QueryHandler;
import org.deskfleet.kernel.InvalidInput;
import org.deskfleet.kernel.catalog.CatalogEntry;
import org.deskfleet.kernel.catalog.ParameterCatalog;
import org.deskfleet.kernel.catalog.Scope;
import org.deskfleet.kernel.configuration.EffectiveValue;
import org.deskfleet.kernel.report.DriftReport;
import org.deskfleet.kernel.report.FindDriftReport;
import org.deskfleet.query.client.ClientDocument;
import org.deskfleet.query.configuration.EffectiveConfigurationQueries;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The drift report of one parameter, computed on demand from the client read model: every client's value of the
 * parameter through the same layering and comparison as {@code configuration(onlyDrifted: true)}
 * ({@link EffectiveConfigurationQueries#forParameter}). Not a projection of its own: what a phone should have
 * depends on templates, groups and mobile users as they are now (a template changed moves thousands of phones'
 * verdicts without an event of theirs), so a projection would have to recompute the fleet at every such change.
 * One pass over the clients per request (streamed, a page of drifted values kept). A page holds
 * the drifted values of up to {@code first} clients (all values of an indexed parameter of each), its cursor a device id.
 */
@Component
public class DriftReportQueries {

    public static final int MAX_PAGE = 500;

    private final MongoTemplate mongo;
    private final ParameterCatalog catalog;
    private final EffectiveConfigurationQueries configurations;

    public DriftReportQueries(MongoTemplate mongo, ParameterCatalog catalog, EffectiveConfigurationQueries configurations) {
        this.mongo = mongo;
        this.catalog = catalog;
        this.configurations = configurations;
    }

    @QueryHandler
    public DriftReport handle(FindDriftReport q) {
        if (q.first() < 0 || q.first() > MAX_PAGE) {
            throw new InvalidInput("first must be between 0 and " + MAX_PAGE + ", got " + q.first());
        }
        CatalogEntry entry = q.parameter() == null ? null : catalog.find(q.parameter().strip(), Scope.CLIENT).orElse(null);
        if (entry == null) {
            throw new InvalidInput("unknown parameter '" + q.parameter() + "': not a client parameter of the catalog "
                    + "(see catalog(search:))");
        }
        EffectiveConfigurationQueries.ClientValues values = configurations.forParameter(entry);
        Map<EffectiveValue.Drift, Long> counts = new EnumMap<>(EffectiveValue.Drift.class);
        List<DriftReport.DriftedValue> page = new ArrayList<>();
        int pageClients = 0;
        boolean more = false;
        long clients = 0;
        Query all = new Query().with(Sort.by("_id")).cursorBatchSize(200);
        try (var stream = mongo.stream(all, ClientDocument.class)) {
            for (ClientDocument client : (Iterable<ClientDocument>) stream::iterator) {
                clients++;
                boolean listed = false;
                for (EffectiveValue v : values.of(client)) {
                    counts.merge(v.drift(), 1L, Long::sum);
                    if (!v.drifted() || q.after() != null && client.deviceId.compareTo(q.after()) <= 0) {
                        continue;
                    }
                    if (pageClients >= q.first() && !listed) {
                        more = true;
                        continue;
                    }
                    if (!listed) {
                        listed = true;
                        pageClients++;
                    }
                    page.add(new DriftReport.DriftedValue(client.deviceId, client.e164, client.deviceType,
                            v.index(), v.secret() ? null : v.value(), v.secret() ? null : v.reportedValue(),
                            v.secret(), v.layer().name(), v.origin()));
                }
            }
        }
        List<DriftReport.Count> list = new ArrayList<>();
        for (EffectiveValue.Drift d : EffectiveValue.Drift.values()) {
            list.add(new DriftReport.Count(d.name(), counts.getOrDefault(d, 0L)));
        }
        String end = page.isEmpty() ? null : page.getLast().deviceId();
        return new DriftReport(entry.key(), clients, counts.getOrDefault(EffectiveValue.Drift.IN_SYNC, 0L),
                counts.getOrDefault(EffectiveValue.Drift.DRIFTED, 0L), list, page, end, more);
    }
}

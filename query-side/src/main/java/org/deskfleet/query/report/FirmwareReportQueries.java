package org.deskfleet.query.report;

import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.deskfleet.kernel.report.FindFirmwareReport;
import org.deskfleet.kernel.report.FirmwareReport;
import org.deskfleet.query.ReadModels;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Answers the firmware report from its projection's buckets (a few documents per device type). */
@Component
public class FirmwareReportQueries {

    private final MongoTemplate mongo;

    public FirmwareReportQueries(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @QueryHandler
    public FirmwareReport handle(FindFirmwareReport query) {
        Map<String, List<FirmwareReport.Version>> byType = new TreeMap<>();
        Map<String, String> names = new TreeMap<>();
        for (Document b : mongo.find(Query.query(Criteria.where("count").gt(0)), Document.class,
                ReadModels.name(FirmwareReportProjection.BUCKETS))) {
            String type = b.getString("deviceType");
            String key = type == null ? "" : type;
            names.put(key, type);
            byType.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(new FirmwareReport.Version(b.getString("softwareVersion"), ((Number) b.get("count")).longValue()));
        }
        List<FirmwareReport.DeviceType> types = new ArrayList<>();
        long total = 0;
        for (var e : byType.entrySet()) {
            List<FirmwareReport.Version> versions = new ArrayList<>(e.getValue());
            versions.sort(Comparator.comparing(v -> v.softwareVersion() == null ? "" : v.softwareVersion()));
            long clients = versions.stream().mapToLong(FirmwareReport.Version::clients).sum();
            total += clients;
            types.add(new FirmwareReport.DeviceType(names.get(e.getKey()), clients, versions));
        }
        return new FirmwareReport(total, types);
    }
}

package org.deskfleet.query.fleet;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.deskfleet.kernel.fleet.FindPlugAndPlay;
import org.deskfleet.kernel.fleet.PlugAndPlayClientClaimed;
import org.deskfleet.kernel.fleet.PlugAndPlayClientCreated;
import org.deskfleet.kernel.fleet.PlugAndPlayView;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Plug&amp;Play clients, one handler per event (a replay writes the same document again), and the lookup a
 * starting phone's reservation is found by: its MAC first, then its E164 for reservations made without a MAC.
 */
@Component
@ProcessingGroup(PlugAndPlayProjection.NAME)
public class PlugAndPlayProjection {

    public static final String NAME = "plug-and-play-projection";

    private final MongoTemplate mongo;

    public PlugAndPlayProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(PlugAndPlayClientCreated e) {
        PlugAndPlayDocument d = new PlugAndPlayDocument();
        d.reservationId = e.reservationId();
        d.deviceId = e.deviceId();
        d.e164 = e.e164();
        d.deviceType = e.deviceType();
        d.secureMode = e.secureMode();
        d.templateId = e.templateId();
        d.createdAt = e.at();
        mongo.save(d);
    }

    @EventHandler
    void on(PlugAndPlayClientClaimed e) {
        PlugAndPlayDocument d = mongo.findById(e.reservationId(), PlugAndPlayDocument.class);
        if (d != null) {
            d.claimedBy = e.deviceId();
            d.claimedAt = e.at();
            mongo.save(d);
        }
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(PlugAndPlayDocument.class);
    }

    @QueryHandler
    public List<PlugAndPlayView> handle(FindPlugAndPlay q) {
        if (q.deviceId() == null && q.e164() == null) {
            return mongo.findAll(PlugAndPlayDocument.class).stream().map(PlugAndPlayProjection::view).toList();
        }
        List<PlugAndPlayView> out = new ArrayList<>();
        if (q.deviceId() != null) {
            PlugAndPlayDocument byMac = mongo.findById("mac:" + q.deviceId(), PlugAndPlayDocument.class);
            if (byMac != null) {
                out.add(view(byMac));
                return out;
            }
        }
        if (q.e164() != null) {
            mongo.find(Query.query(Criteria.where("e164").is(q.e164()).and("deviceId").is(null)), PlugAndPlayDocument.class)
                    .forEach(d -> out.add(view(d)));
        }
        return out;
    }

    private static PlugAndPlayView view(PlugAndPlayDocument d) {
        return new PlugAndPlayView(d.reservationId, d.deviceId, d.e164, d.deviceType, d.secureMode, d.templateId, d.claimedBy,
                d.createdAt, d.claimedAt);
    }
}

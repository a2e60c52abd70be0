package org.deskfleet.query.history;

import org.bson.Document;
import org.deskfleet.kernel.history.HistoryEntry;
import org.springframework.data.annotation.Id;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * The entries of one event of a client that concern one name (a parameter or a WPI item), numbered per client and
 * name: the id is {@code device/name/n}, n counting that name's changes from 0 (the client's head keeps the count).
 * Dense numbers let a reader page one name's history newest first by id ({@code $in} on the id index, which every
 * MongoDB serves, the embedded one included) without reading the events that changed other names: on a phone with
 * 200,000 changes, the last twenty of one parameter are twenty documents. The numbers are given under the head's
 * sequence guard, so a replay numbers every change as the first time.
 */
public class TrailNameDocument {

    @Id
    public String id;
    /** Said by the id; not stored again in every document. */
    public String subject;
    public String name;
    public long sequence;
    public Instant at;
    public List<HistoryEntry> entries = new ArrayList<>();
    /**
     * Where each entry stands in its event's entries: the order of a page among entries of one event; stored only
     * where it is not 0, 1, 2...
     */
    public List<Integer> positions = new ArrayList<>();

    /** Device ids hold no '/', and the number is all after the last one: no two (device, name, n) share an id. */
    public static String id(String subject, String name, long n) {
        return subject + "/" + name + "/" + n;
    }

    /**
     * As BSON: the entries without what the document says once for all of them (sequence, time, name), since a replay
     * writes every entry of the trail a second time here; read back by {@link #from}, not through the mapping.
     */
    static Document bson(String subject, String name, long n, long sequence, Instant at, List<HistoryEntry> entries,
                         List<Integer> positions) {
        List<Document> list = new ArrayList<>(entries.size());
        for (HistoryEntry e : entries) {
            Document d = new Document("kind", e.kind() == null ? null : e.kind().name());
            put(d, "index", e.index());
            put(d, "oldValue", e.oldValue());
            put(d, "newValue", e.newValue());
            d.put("secret", e.secret());
            put(d, "source", e.source() == null ? null : e.source().name());
            put(d, "actor", e.actor());
            put(d, "reason", e.reason());
            put(d, "correlationId", e.correlationId());
            list.add(d);
        }
        Document d = new Document("_id", id(subject, name, n)).append("sequence", sequence);
        if (at != null) {
            d.append("at", Date.from(at));
        }
        d.append("entries", list);
        // Most changes are one entry first in its event (a parameter set): nothing to say where it stood.
        boolean inOrder = true;
        for (int i = 0; i < positions.size() && inOrder; i++) {
            inOrder = positions.get(i) == i;
        }
        return inOrder ? d : d.append("positions", positions);
    }

    private static void put(Document d, String key, Object value) {
        if (value != null) {
            d.put(key, value);
        }
    }

    /** The document {@link #bson} wrote, of {@code subject}'s {@code name}. */
    static TrailNameDocument from(Document d, String subject, String name) {
        TrailNameDocument t = new TrailNameDocument();
        t.id = d.getString("_id");
        t.subject = subject;
        t.name = name;
        t.sequence = ((Number) d.get("sequence")).longValue();
        Date at = d.getDate("at");
        t.at = at == null ? null : at.toInstant();
        for (Document e : d.getList("entries", Document.class)) {
            String kind = e.getString("kind");
            String source = e.getString("source");
            t.entries.add(new HistoryEntry(t.sequence, t.at, kind == null ? null : HistoryEntry.Kind.valueOf(kind), t.name,
                    e.getInteger("index"), e.getString("oldValue"), e.getString("newValue"), e.getBoolean("secret", false),
                    source == null ? null : org.deskfleet.kernel.ChangeSource.valueOf(source), e.getString("actor"),
                    e.getString("reason"), e.getString("correlationId")));
        }
        List<?> positions = d.getList("positions", Object.class);
        for (int i = 0; i < t.entries.size(); i++) {
            t.positions.add(positions == null ? i : ((Number) positions.get(i)).intValue());
        }
        return t;
    }
}

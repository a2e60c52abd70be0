package org.deskfleet.query.job;

import org.deskfleet.kernel.InvalidInput;

import org.axonframework.queryhandling.QueryHandler;
import org.deskfleet.kernel.job.FindJob;
import org.deskfleet.kernel.job.FindJobs;
import org.deskfleet.kernel.job.JobPage;
import org.deskfleet.kernel.job.JobStatus;
import org.deskfleet.kernel.job.TargetPhase;
import org.deskfleet.kernel.job.JobView;
import org.deskfleet.kernel.job.WatchJob;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Jobs from the read model: the list with filter, sort and paging, and one job with its targets. */
@Component
public class JobQueries {

    /** Pages are bounded: a client that asks for more gets this many. */
    static final int MAX_PAGE = 500;
    static final int MAX_TARGET_PAGE = 10_000;

    private final MongoTemplate mongo;

    public JobQueries(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @QueryHandler
    public JobPage handle(FindJobs q) {
        Query query = new Query();
        if (q.state() != null) {
            query.addCriteria(Criteria.where("state").is(q.state()));
        }
        if (q.type() != null) {
            query.addCriteria(Criteria.where("type").is(q.type()));
        }
        if (q.executedAfter() != null || q.executedBefore() != null) {
            Criteria started = Criteria.where("startedAt");
            if (q.executedAfter() != null) {
                started = started.gte(q.executedAfter());
            }
            if (q.executedBefore() != null) {
                started = started.lt(q.executedBefore());
            }
            query.addCriteria(started);
        }
        FindJobs.Sort sort = q.sort() == null ? FindJobs.Sort.CREATED_DESC : q.sort();
        // Sorted here, not by the store: the embedded store has no secondary index to sort by.
        Comparator<JobDocument> order = switch (sort) {
            case CREATED_ASC, CREATED_DESC -> Comparator.comparing((JobDocument d) -> d.createdAt);
            case EXECUTED_ASC, EXECUTED_DESC -> Comparator.comparing((JobDocument d) -> d.startedAt,
                    Comparator.nullsFirst(Comparator.naturalOrder()));
        };
        order = order.thenComparing(d -> d.jobId);
        if (sort == FindJobs.Sort.CREATED_DESC || sort == FindJobs.Sort.EXECUTED_DESC) {
            order = order.reversed();
        }
        List<JobDocument> all = mongo.find(query, JobDocument.class).stream().sorted(order).toList();
        int offset = offset(q.after());
        int first = Math.max(1, Math.min(q.first() <= 0 ? 50 : q.first(), MAX_PAGE));
        List<JobDocument> page = all.subList(Math.min(offset, all.size()), Math.min(offset + first, all.size()));
        int end = offset + page.size();
        return new JobPage(page.stream().map(d -> view(d, List.of())).toList(), all.size(),
                page.isEmpty() ? q.after() : Integer.toString(end), end < all.size());
    }

    @QueryHandler
    public Optional<JobView> handle(FindJob q) {
        JobDocument d = mongo.findById(q.jobId(), JobDocument.class);
        if (d == null) {
            return Optional.empty();
        }
        JobTargetListDocument list = mongo.findById(q.jobId(), JobTargetListDocument.class);
        List<String> order = list == null ? List.of() : list.deviceIds;
        int from = Math.max(0, Math.min(q.targetsOffset(), order.size()));
        int count = q.targetsFirst() <= 0 ? MAX_TARGET_PAGE : Math.min(q.targetsFirst(), MAX_TARGET_PAGE);
        List<String> ids = order.subList(from, Math.min(from + count, order.size()));
        Map<String, JobTargetDocument> found = mongo.find(Query.query(Criteria.where("_id")
                        .in(ids.stream().map(id -> JobTargetDocument.id(d.jobId, id)).toList())), JobTargetDocument.class)
                .stream().collect(Collectors.toMap(t -> t.deviceId, Function.identity()));
        List<JobView.TargetView> targets = new ArrayList<>(ids.size());
        for (String id : ids) {
            JobTargetDocument t = found.get(id);
            if (t != null) {
                targets.add(target(d, t));
            }
        }
        return Optional.of(view(d, targets));
    }

    /** The initial result of a live subscription: the job with all its targets. */
    @QueryHandler
    public Optional<JobView> handle(WatchJob q) {
        return handle(new FindJob(q.jobId(), 0, 0));
    }

    static JobView.Counts counts(JobDocument d) {
        return new JobView.Counts(d.total, d.pending, d.succeeded, d.partial, d.failed, d.timedOut);
    }

    private static JobView view(JobDocument d, List<JobView.TargetView> targets) {
        return new JobView(d.jobId, d.type, d.initiator, d.reason, d.state, d.createdAt, d.plannedAt, d.startedAt,
                d.completedAt, d.summary, counts(d), targets, d.lastSequence);
    }

    private static JobView.TargetView target(JobDocument job, JobTargetDocument t) {
        // Targets are not rewritten when the job starts: an untouched target is as active as its job.
        JobStatus state = t.state == JobStatus.CREATED && job.state != JobStatus.CREATED ? JobStatus.ACTIVE : t.state;
        return new JobView.TargetView(t.deviceId, t.e164, t.deviceType, t.softwareType, state, phase(job, t, state),
                t.detail, t.attempts, t.awaitingStartUp, List.copyOf(t.itemStatuses), List.copyOf(t.exchange), t.updatedAt);
    }

    /** The target's phase; like its state, an untouched target of a started job is pending. */
    static TargetPhase phase(JobDocument job, JobTargetDocument t, JobStatus state) {
        if (state.terminal()) {
            return TargetPhase.endedAs(state);
        }
        if (t.awaitingStartUp) {
            return TargetPhase.AWAITING_START_UP;
        }
        if (t.phase != null && t.phase != TargetPhase.PLANNED) {
            return t.phase;
        }
        return job.state == JobStatus.CREATED ? TargetPhase.PLANNED : TargetPhase.PENDING;
    }

    private static int offset(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(cursor.strip()));
        } catch (NumberFormatException e) {
            throw new InvalidInput("not a cursor of this listing: " + cursor);
        }
    }
}

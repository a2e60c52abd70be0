package org.deskfleet.app.config;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.deskfleet.kernel.client.AccessMode;
import org.deskfleet.kernel.client.RecordClientAccessMode;
import org.deskfleet.kernel.job.PendingJobs;
import org.deskfleet.query.client.ClientDocument;
import org.deskfleet.wpi.server.dcmp.DcmpPollLog;
import org.deskfleet.wpi.server.dcmp.DcmpServer;
import org.deskfleet.wpi.server.work.PendingWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The DCMP polling listener, and the periodic pass that records "this phone polls" on the Client once
 * (not per poll): polls are drained from memory every few seconds and only new pollers become commands.
 * Phones the job index already knows as pollers need no command, and the rest are recorded a batch per
 * pass: after a restart thousands of phones poll within seconds, and loading thousands of Client
 * aggregates at once would take the cores from the polls themselves.
 */
@Configuration(proxyBeanMethods = false)
public class DcmpConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DcmpConfiguration.class);

    @Bean
    DcmpPollLog dcmpPollLog(@Value("${deskfleet.dcmp.poll-log-capacity:20000}") int capacity) {
        return new DcmpPollLog(capacity);
    }

    @Bean
    DcmpListener dcmpListener(@Value("${deskfleet.dcmp.host:0.0.0.0}") String host,
                              @Value("${deskfleet.dcmp.port:18080}") int port,
                              @Value("${deskfleet.dcmp.path-prefix:}") String prefix,
                              @Value("${deskfleet.dcmp.worker-threads:0}") int workerThreads,
                              @Value("${deskfleet.dcmp.access-mode-batch:200}") int accessModeBatch,
                              @Value("${deskfleet.dcmp.mode:disabled}") String mode,
                              @Value("${deskfleet.dcmp.listen:#{null}}") Boolean listen,
                              PendingWork work, DcmpPollLog polls, CommandGateway commands, PendingJobs index,
                              MongoTemplate mongo) {
        // An open port nobody uses is only something to attack: it binds when DCMP is on (or asked for).
        boolean enabled = listen != null ? listen : !"disabled".equalsIgnoreCase(mode.strip());
        return new DcmpListener(new DcmpServer.Settings(host, port, prefix, null, Duration.ofSeconds(60), workerThreads(workerThreads)),
                work, polls, commands, index::polls, accessModeBatch, enabled, ids -> registered(mongo, ids));
    }

    /** Which of these devices are registered: one read-model query per pass, never per poll. */
    static Set<String> registered(MongoTemplate mongo, Collection<String> deviceIds) {
        if (deviceIds.isEmpty()) {
            return Set.of();
        }
        Query q = Query.query(Criteria.where("_id").in(deviceIds));
        q.fields().include("_id");
        Set<String> found = new HashSet<>();
        for (org.bson.Document d : mongo.find(q, org.bson.Document.class, ClientDocument.COLLECTION)) {
            found.add(String.valueOf(d.get("_id")));
        }
        return found;
    }

    /**
     * 0 (the default): half the cores, at least one. The poll loop shares the machine with the rest of the
     * node and, in benchmarks, with the load generator: on 2 cores one loop answered 65-72k polls/s with
     * p99 4.2 ms, two loops 97-101k polls/s with p99 7.3 ms (wrk, 32 connections, 5,000 phones).
     */
    static int workerThreads(int configured) {
        return configured > 0 ? configured : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    public static final class DcmpListener extends ListenerLifecycle {

        private final DcmpServer.Settings settings;
        private final PendingWork work;
        private final DcmpPollLog polls;
        private final CommandGateway commands;
        private final Predicate<String> recordedAsPolling;
        private final int batch;
        private final Set<String> knownPollers = ConcurrentHashMap.newKeySet();
        private final boolean enabled;
        private final Function<Collection<String>, Set<String>> registered;
        private volatile DcmpServer server;

        DcmpListener(DcmpServer.Settings settings, PendingWork work, DcmpPollLog polls, CommandGateway commands,
                     Predicate<String> recordedAsPolling, int batch) {
            this(settings, work, polls, commands, recordedAsPolling, batch, true, ids -> new HashSet<>(ids));
        }

        /**
         * @param enabled    whether to bind at all
         * @param registered which of the given devices are registered: polls of others are dropped unrecorded
         */
        DcmpListener(DcmpServer.Settings settings, PendingWork work, DcmpPollLog polls, CommandGateway commands,
                     Predicate<String> recordedAsPolling, int batch, boolean enabled,
                     Function<Collection<String>, Set<String>> registered) {
            this.enabled = enabled;
            this.registered = registered;
            this.settings = settings;
            this.work = work;
            this.polls = polls;
            this.commands = commands;
            this.recordedAsPolling = recordedAsPolling;
            this.batch = Math.max(1, batch);
        }

        @Override
        protected void open() {
            if (!enabled) {
                log.info("DCMP off (deskfleet.dcmp.mode=disabled): no polling listener");
                return;
            }
            server = new DcmpServer(settings, work, polls, Clock.systemUTC()).start();
            every(Duration.ofSeconds(2), "dcmp-access-mode", this::record);
        }

        void record() {
            int sent = 0;
            Map<String, DcmpPollLog.Poll> drained = polls.drain();
            drained.keySet().removeAll(knownPollers);
            // Polls of devices nobody registered are dropped here, unrecorded: random MACs cost nothing later.
            Set<String> known = drained.isEmpty() ? Set.of() : registered.apply(drained.keySet());
            for (Map.Entry<String, DcmpPollLog.Poll> p : drained.entrySet()) {
                String deviceId = p.getKey();
                if (!known.contains(deviceId)) {
                    continue;
                }
                if (recordedAsPolling.test(deviceId)) {
                    knownPollers.add(deviceId); // the events say so already: no command
                    continue;
                }
                if (sent >= batch) {
                    polls.putBack(deviceId, p.getValue()); // the next pass
                    continue;
                }
                sent++;
                knownPollers.add(deviceId);
                commands.send(new RecordClientAccessMode(deviceId, AccessMode.DCMP, p.getValue().at()))
                        .exceptionally(e -> {
                            // Not registered yet: it is recorded at its next poll after registering.
                            knownPollers.remove(deviceId);
                            log.debug("access mode of {} not recorded: {}", deviceId, e.toString());
                            return null;
                        });
            }
        }

        @Override
        protected void shut() {
            if (server != null) {
                server.close();
            }
        }

        /** The bound port; -1 when DCMP is off. */
        public int port() {
            return server == null ? -1 : server.port();
        }
    }
}

package org.deskfleet.app.config;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.deskfleet.kernel.client.AccessMode;
import org.deskfleet.kernel.client.RecordClientAccessMode;
import org.deskfleet.kernel.job.PendingJobs;
import org.deskfleet.wpi.server.dcmp.DcmpPollLog;
import org.deskfleet.wpi.server.dcmp.DcmpServer;
import org.deskfleet.wpi.server.work.PendingWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
    DcmpPollLog dcmpPollLog() {
        return new DcmpPollLog();
    }

    @Bean
    DcmpListener dcmpListener(@Value("${deskfleet.dcmp.host:0.0.0.0}") String host,
                              @Value("${deskfleet.dcmp.port:18080}") int port,
                              @Value("${deskfleet.dcmp.path-prefix:}") String prefix,
                              @Value("${deskfleet.dcmp.worker-threads:0}") int workerThreads,
                              @Value("${deskfleet.dcmp.access-mode-batch:200}") int accessModeBatch,
                              PendingWork work, DcmpPollLog polls, CommandGateway commands, PendingJobs index) {
        return new DcmpListener(new DcmpServer.Settings(host, port, prefix, null, Duration.ofSeconds(60), workerThreads(workerThreads)),
                work, polls, commands, index::polls, accessModeBatch);
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
        private volatile DcmpServer server;

        DcmpListener(DcmpServer.Settings settings, PendingWork work, DcmpPollLog polls, CommandGateway commands,
                     Predicate<String> recordedAsPolling, int batch) {
            this.settings = settings;
            this.work = work;
            this.polls = polls;
            this.commands = commands;
            this.recordedAsPolling = recordedAsPolling;
            this.batch = Math.max(1, batch);
        }

        @Override
        protected void open() {
            server = new DcmpServer(settings, work, polls, Clock.systemUTC()).start();
            every(Duration.ofSeconds(2), "dcmp-access-mode", this::record);
        }

        void record() {
            int sent = 0;
            for (Map.Entry<String, DcmpPollLog.Poll> p : polls.drain().entrySet()) {
                String deviceId = p.getKey();
                if (knownPollers.contains(deviceId)) {
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
            server.close();
        }

        public int port() {
            return server.port();
        }
    }
}

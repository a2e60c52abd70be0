package org.deskfleet.app.config;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.deskfleet.delivery.PendingJobs;
import org.deskfleet.wpi.server.dcmp.AccessModeRecorder;
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

/**
 * The DCMP polling listener, and the periodic pass that records access modes: a poll is evidence of nothing
 * (anyone can send one for any device id), so it only answers; a phone's access mode changes on what an
 * interaction shows ({@link AccessModeRecorder}) or by an operator. The listener binds only when DCMP is on:
 * an open port nobody uses is only something to attack.
 */
@Configuration(proxyBeanMethods = false)
public class DcmpConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DcmpConfiguration.class);

    @Bean
    DcmpPollLog dcmpPollLog(@Value("${deskfleet.dcmp.poll-log-capacity:20000}") int capacity) {
        return new DcmpPollLog(capacity);
    }

    @Bean
    AccessModeRecorder accessModeRecorder(CommandGateway commands, PendingJobs index,
                                          @Value("${deskfleet.dcmp.access-mode-batch:200}") int accessModeBatch) {
        return new AccessModeRecorder(commands::send, index::polls, accessModeBatch);
    }

    @Bean
    DcmpListener dcmpListener(@Value("${deskfleet.dcmp.host:0.0.0.0}") String host,
                              @Value("${deskfleet.dcmp.port:18080}") int port,
                              @Value("${deskfleet.dcmp.path-prefix:}") String prefix,
                              @Value("${deskfleet.dcmp.worker-threads:0}") int workerThreads,
                              @Value("${deskfleet.dcmp.mode:disabled}") String mode,
                              @Value("${deskfleet.dcmp.listen:#{null}}") Boolean listen,
                              PendingWork work, DcmpPollLog polls, AccessModeRecorder accessModes,
                              io.micrometer.core.instrument.MeterRegistry meters) {
        boolean enabled = listen != null ? listen : !"disabled".equalsIgnoreCase(mode.strip());
        return new DcmpListener(new DcmpServer.Settings(host, port, prefix, null, Duration.ofSeconds(60), workerThreads(workerThreads)),
                work, polls, accessModes, io.micrometer.core.instrument.Counter.builder("deskfleet.dcmp.polls")
                .description("DCMP polls answered from current state").register(meters), enabled);
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
        private final AccessModeRecorder accessModes;
        private final io.micrometer.core.instrument.Counter polled;
        private final boolean enabled;
        private volatile DcmpServer server;

        DcmpListener(DcmpServer.Settings settings, PendingWork work, DcmpPollLog polls, AccessModeRecorder accessModes,
                     io.micrometer.core.instrument.Counter polled, boolean enabled) {
            this.settings = settings;
            this.work = work;
            this.polls = polls;
            this.accessModes = accessModes;
            this.polled = polled;
            this.enabled = enabled;
        }

        @Override
        protected void open() {
            if (!enabled) {
                log.info("DCMP off (deskfleet.dcmp.mode=disabled): no polling listener");
                return;
            }
            server = new DcmpServer(settings, work, (deviceId, at, remote) -> {
                polled.increment();
                polls.polled(deviceId, at, remote);
            }, Clock.systemUTC()).start();
            every(Duration.ofSeconds(2), "dcmp-access-mode", this::record);
        }

        void record() {
            polls.drain(); // seen, not believed
            accessModes.record();
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

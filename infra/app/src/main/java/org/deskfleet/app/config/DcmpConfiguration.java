package org.deskfleet.app.config;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.deskfleet.kernel.client.AccessMode;
import org.deskfleet.kernel.client.RecordClientAccessMode;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The DCMP polling listener, and the periodic pass that records "this phone polls" on the Client once
 * (not per poll): polls are drained from memory every few seconds and only new pollers become commands.
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
                              @Value("${deskfleet.dcmp.worker-threads:2}") int workerThreads,
                              PendingWork work, DcmpPollLog polls, CommandGateway commands) {
        return new DcmpListener(new DcmpServer.Settings(host, port, prefix, null, Duration.ofSeconds(60), workerThreads), work, polls, commands);
    }

    public static final class DcmpListener extends ListenerLifecycle {

        private final DcmpServer.Settings settings;
        private final PendingWork work;
        private final DcmpPollLog polls;
        private final CommandGateway commands;
        private final Set<String> knownPollers = ConcurrentHashMap.newKeySet();
        private volatile DcmpServer server;

        DcmpListener(DcmpServer.Settings settings, PendingWork work, DcmpPollLog polls, CommandGateway commands) {
            this.settings = settings;
            this.work = work;
            this.polls = polls;
            this.commands = commands;
        }

        @Override
        protected void open() {
            server = new DcmpServer(settings, work, polls, Clock.systemUTC()).start();
            every(Duration.ofSeconds(2), "dcmp-access-mode", this::record);
        }

        void record() {
            polls.drain().forEach((deviceId, poll) -> {
                if (knownPollers.add(deviceId)) {
                    commands.send(new RecordClientAccessMode(deviceId, AccessMode.DCMP, poll.at()))
                            .exceptionally(e -> {
                                // Not registered yet: it is recorded at its next poll after registering.
                                knownPollers.remove(deviceId);
                                log.debug("access mode of {} not recorded: {}", deviceId, e.toString());
                                return null;
                            });
                }
            });
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

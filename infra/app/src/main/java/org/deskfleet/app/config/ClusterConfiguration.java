package org.deskfleet.app.config;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.modelling.command.ConcurrencyException;
import org.deskfleet.delivery.PendingJobsIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Several nodes on one event store and one MongoDB ({@code deskfleet.node.id} names this one; blank: the only
 * node). What each node then does differently: its pending-jobs index has a position (and a copy in MongoDB)
 * of its own, open interactions and ended targets live in MongoDB, phones are contacted by the node holding
 * their partition's lease, and a command that lost the race for an aggregate to another node is sent again.
 * The keys must be the same on every node, so they come from the environment (a secret), never from a file
 * a node would make for itself.
 */
@Configuration(proxyBeanMethods = false)
public class ClusterConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ClusterConfiguration.class);
    static final String SEVERAL_NODES = "!'${deskfleet.node.id:}'.isBlank()";

    /** This node; {@code several()} when it shares the stores with other nodes. */
    public record Node(String id) {
        public boolean several() {
            return !id.isBlank();
        }
    }

    @Bean
    Node node(@Value("${deskfleet.node.id:}") String id, @Value("${spring.data.mongodb.uri:}") String mongoUri,
              @Value("${DESKFLEET_MASTER_KEY:}") String masterKey,
              @Value("${DESKFLEET_SEALING_KEY:}") String sealingKey) {
        String node = id.strip();
        if (node.isEmpty()) {
            return new Node("");
        }
        if (!node.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalStateException("deskfleet.node.id must be 1-63 lower-case letters, digits or '-' (e.g. the pod name), not '"
                    + id + "'");
        }
        if (masterKey.isBlank() || sealingKey.isBlank()) {
            throw new IllegalStateException("node " + node + ": several nodes need the same DESKFLEET_MASTER_KEY and "
                    + "DESKFLEET_SEALING_KEY (base64, 32 bytes) on every node; a key file of one node's own would differ");
        }
        if (mongoUri.isBlank()) {
            throw new IllegalStateException("node " + node + ": several nodes need one shared MongoDB (MONGO_URI), "
                    + "not an embedded one each");
        }
        log.info("node {} of several: shared interactions, delivery leases, a pending-jobs position of its own", node);
        return new Node(node);
    }

    /** Several nodes: the device CA, certificates and signing key one node made, taken before anything reads them. */
    @Bean
    SharedFiles sharedFiles(Node node, DeskfleetProperties properties, @Value("${spring.data.mongodb.uri:}") String mongoUri,
                            @Value("${DESKFLEET_MASTER_KEY:}") String masterKey) {
        if (!node.several()) {
            return SharedFiles.none(properties.data());
        }
        String database = new com.mongodb.ConnectionString(mongoUri).getDatabase();
        return SharedFiles.shared(mongoUri, database == null ? properties.mongo().database() : database,
                properties.data(), derivedKey(base64(masterKey), "shared files"));
    }

    /** Once up (every file made), the first node publishes them. */
    @Bean
    org.springframework.context.ApplicationListener<org.springframework.boot.context.event.ApplicationReadyEvent> publishSharedFiles(
            Node node, SharedFiles files) {
        return event -> files.publish(node.id());
    }

    /** Each node's pending-jobs index moves over every event: its position is kept under the node's name. */
    @Bean
    ConfigurerModule pendingJobsPositionPerNode(Node node, TokenStore tokenStore) {
        return configurer -> {
            if (node.several()) {
                configurer.eventProcessing().registerTokenStore(PendingJobsIndex.NAME, c -> new NodeTokenStore(tokenStore, node.id()));
            }
        };
    }

    /**
     * Two nodes may decide on one aggregate at once; the event store takes the first append and refuses the
     * second (a sequence number already taken). The loser is sent again: it loads the aggregate afresh (a
     * refused unit of work drops its cached copy) and decides on the new state.
     */
    @Bean
    @ConditionalOnExpression(SEVERAL_NODES)
    CommandGateway commandGateway(CommandBus commandBus) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "command-retry");
            t.setDaemon(true);
            return t;
        });
        RetryScheduler again = (command, failure, failures, dispatch) -> {
            if (!lostARace(failure) || failures.size() > 8) {
                return false;
            }
            timer.schedule(dispatch, 10L * failures.size() + ThreadLocalRandom.current().nextInt(20), TimeUnit.MILLISECONDS);
            return true;
        };
        return DefaultCommandGateway.builder().commandBus(commandBus).retryScheduler(again).build();
    }

    private static boolean lostARace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }

    /** A key for one purpose, derived from the master key (HMAC-SHA-256 of the purpose's name). */
    static byte[] derivedKey(byte[] masterKey, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(masterKey, "HmacSHA256"));
            return mac.doFinal(("deskfleet " + purpose).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the " + purpose + " key", e);
        }
    }

    static byte[] base64(String key) {
        return Base64.getDecoder().decode(key.strip());
    }
}

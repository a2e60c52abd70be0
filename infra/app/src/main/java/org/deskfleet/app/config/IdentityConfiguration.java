package org.deskfleet.app.config;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.deskfleet.api.security.AccountDirectory;
import org.deskfleet.api.security.AccountDirectoryPositions;
import org.deskfleet.api.security.AccountDirectoryStore;
import org.deskfleet.api.security.MongoAccountDirectoryStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.deskfleet.api.security.SessionSettings;
import org.deskfleet.api.security.TokenService;
import org.deskfleet.command.account.AccountTotp;
import org.deskfleet.command.account.SignInPolicy;
import org.deskfleet.kernel.account.CreateAccount;
import org.deskfleet.kernel.account.Language;
import org.deskfleet.kernel.account.Role;
import org.deskfleet.kernel.account.UserName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/** Accounts and sign-in: the password hash, TOTP, lock-out, token keys, and the first start's administrator. */
@Configuration(proxyBeanMethods = false)
public class IdentityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IdentityConfiguration.class);
    public static final String FIRST_ADMIN = "admin";

    /** Argon2id through Spring Security; the cost is a setting (see {@link SecuritySettings}). */
    @Bean
    PasswordEncoder passwordEncoder(SecuritySettings s) {
        return new Argon2PasswordEncoder(16, 32, s.argon2Parallelism(), s.argon2MemoryKib(), s.argon2Iterations());
    }

    @Bean
    AccountTotp accountTotp(SecuritySettings s) {
        return new AccountTotp(s.totpAlgorithm(), "deskfleet");
    }

    @Bean
    SignInPolicy signInPolicy(SecuritySettings s) {
        return new SignInPolicy(s.maxFailedLogins(), s.firstLock(), s.longestLock());
    }

    @Bean
    SessionSettings sessionSettings(SecuritySettings s) {
        return new SessionSettings(s.sessionToken(), s.session(), s.keepLoggedIn());
    }

    /** The signing key lives next to the master key, outside both stores. */
    @Bean
    TokenService tokenService(SecuritySettings s, DeskfleetProperties properties, SharedFiles sharedFirst) {
        return TokenService.withKeyIn(properties.data().resolve("keys"), s.tokenAlgorithm());
    }

    /**
     * The directory of accounts and sessions keeps its state in MongoDB with its processor's position (a copy per
     * node when several share the database), so a start loads it and catches up from there instead of replaying
     * the history: the API answers after a time that does not grow with the event store.
     */
    @Bean
    AccountDirectoryStore accountDirectoryStore(MongoTemplate mongo, @Qualifier("serializer") Serializer serializer,
                                                @Value("${deskfleet.accounts.directory-state:store}") String state,
                                                ClusterConfiguration.Node node) {
        return inMemory(state) ? AccountDirectoryStore.NONE : new MongoAccountDirectoryStore(mongo.getDb(), serializer, node.id());
    }

    /**
     * Its position is kept by the directory itself, in the same commit as its state. {@code
     * deskfleet.accounts.directory-state=memory}: the earlier design, kept for comparison: nothing stored, the
     * directory replays the whole event store at every start.
     */
    @Bean
    ConfigurerModule accountDirectoryPosition(@Value("${deskfleet.accounts.directory-state:store}") String state,
                                              org.springframework.beans.factory.ObjectProvider<AccountDirectory> directory) {
        return configurer -> configurer.eventProcessing().registerTokenStore(AccountDirectory.NAME,
                c -> inMemory(state) ? new InMemoryTokenStore() : new AccountDirectoryPositions(directory.getObject()));
    }

    private static boolean inMemory(String state) {
        return switch (state.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "store" -> false;
            case "memory" -> true;
            default -> throw new IllegalArgumentException("deskfleet.accounts.directory-state must be store or memory, not " + state);
        };
    }

    /**
     * Nothing is signed in or authorised before the directory has caught up with the event store since this node
     * started (until then the API answers 503, and readiness is out of service): a directory half-way through its
     * replay shows passwords since changed, sessions since ended and accounts since deleted.
     */
    @Bean
    AccountDirectoryReadiness accountDirectoryReadiness(AccountDirectory directory, EventProcessingConfiguration processing) {
        return new AccountDirectoryReadiness(directory, processing);
    }

    /** The directory is current, for the readiness probe. */
    @Bean
    org.springframework.boot.actuate.health.HealthIndicator accountsHealthIndicator(AccountDirectory directory) {
        return () -> (directory.ready() ? org.springframework.boot.actuate.health.Health.up()
                : org.springframework.boot.actuate.health.Health.outOfService().withDetail("reason", "loading accounts from the event store"))
                .build();
    }

    static final class AccountDirectoryReadiness extends ListenerLifecycle {

        private final AccountDirectory directory;
        private final EventProcessingConfiguration processing;

        AccountDirectoryReadiness(AccountDirectory directory, EventProcessingConfiguration processing) {
            this.directory = directory;
            this.processing = processing;
        }

        @Override
        protected void open() {
            every(java.time.Duration.ofMillis(50), "account-directory-readiness", () -> {
                if (!directory.ready() && caughtUp()) {
                    directory.markReady();
                    log.info("accounts loaded: the API answers ({} accounts from the store, the events after its position caught up)",
                            directory.loadedAtStart());
                }
            });
        }

        private boolean caughtUp() {
            return processing.eventProcessor(AccountDirectory.NAME, org.axonframework.eventhandling.StreamingEventProcessor.class)
                    .map(p -> !p.processingStatus().isEmpty()
                            && p.processingStatus().values().stream().allMatch(st -> st.isCaughtUp()))
                    .orElse(false);
        }

        @Override
        protected void shut() {
        }
    }

    /**
     * First start: an administrator {@code admin} with OSEM's initial password {@code change_me}, which must be
     * changed at the first sign-in (until then that session can do nothing else).
     */
    @Bean
    @Order(0)
    ApplicationRunner firstAdministrator(EventStore events, CommandGateway commands) {
        return args -> {
            String id = new UserName(FIRST_ADMIN).accountId();
            if (events.readEvents(id).hasNext()) {
                return;
            }
            try {
                commands.sendAndWait(new CreateAccount(id, FIRST_ADMIN, Language.EN, null, Set.of(Role.ADMINISTRATOR), null,
                        "deskfleet", Instant.now().truncatedTo(ChronoUnit.MILLIS)));
            } catch (RuntimeException e) {
                if (events.readEvents(id).hasNext()) {
                    return; // several nodes started at once: another one created it
                }
                throw e;
            }
            log.info("First start: account '{}' created with the initial password 'change_me'; the first sign-in must change it", FIRST_ADMIN);
        };
    }
}

package org.deskfleet.app.config;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.common.jdbc.JdbcException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * PostgreSQL as the event store ({@code deskfleet.eventstore=postgres}): Axon's JDBC storage engine with its
 * PostgreSQL tables ({@code BIGSERIAL} global index, {@code bytea} payloads). A sequence that hands out one
 * number at a time keeps the gaps a tracking processor must wait for to those of transactions in flight,
 * which is what lets several nodes append to one store. Positions stay in MongoDB beside the read models.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "deskfleet.eventstore", havingValue = "postgres")
public class PostgresEventStoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PostgresEventStoreConfiguration.class);
    static final java.time.Duration GAP_TIMEOUT = java.time.Duration.ofMinutes(15);

    @Bean
    EventStorageEngine eventStorageEngine(DataSource dataSource, TransactionManager transactions,
                                          @Qualifier("serializer") Serializer serializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer) throws SQLException {
        ConnectionProvider connections = new UnitOfWorkAwareConnectionProviderWrapper(
                new SpringDataSourceConnectionProvider(dataSource));
        JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                .connectionProvider(connections)
                .transactionManager(transactions)
                .snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                // SQL state class 23 (a unique key taken): another command appended to that aggregate first.
                .persistenceExceptionResolver(new SQLStateResolver())
                .dataType(byte[].class)
                // A tracking processor that reads an event older than this gives up waiting for the lower
                // positions still missing (transactions in flight) and would never see them. Several nodes and
                // a lagging projection make the default minute too short: wait as long as a transaction may last.
                .gapTimeout((int) GAP_TIMEOUT.toMillis())
                .build();
        if (!tableExists(dataSource, "domainevententry")) {
            try {
                engine.createSchema(PostgresEventTableFactory.INSTANCE);
                log.info("PostgreSQL event store: tables created");
            } catch (JdbcException e) {
                // Another node created them at the same moment.
                if (!tableExists(dataSource, "domainevententry")) {
                    throw e;
                }
            }
        }
        return engine;
    }

    private static boolean tableExists(DataSource dataSource, String table) throws SQLException {
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.getMetaData().getTables(null, null, table, new String[]{"TABLE"})) {
            return rs.next();
        }
    }
}

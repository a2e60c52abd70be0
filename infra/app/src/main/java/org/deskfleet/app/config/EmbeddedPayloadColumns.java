package org.deskfleet.app.config;

import org.hibernate.boot.model.TypeContributions;
import org.hibernate.boot.model.TypeContributor;
import org.hibernate.dialect.H2Dialect;
import org.hibernate.engine.jdbc.spi.JdbcServices;
import org.hibernate.jpa.boot.spi.JpaSettings;
import org.hibernate.jpa.boot.spi.TypeContributorList;
import org.hibernate.service.ServiceRegistry;
import org.hibernate.type.descriptor.jdbc.BlobJdbcType;
import org.springframework.boot.autoconfigure.orm.jpa.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * The embedded event store's payloads ({@code @Lob byte[]} in Axon's entries, BLOB columns in H2, kept in the row:
 * see the data source's URL) read with {@code getBytes}: Hibernate's default reads a BLOB through its stream into a
 * growing buffer and copies it out twice more, three to four copies of every 16 kB registration a processor reads,
 * most of what a replay's reading thread allocated (docs/read-side.md, "Rebuilds: what a replay allocates"). H2 only:
 * on a database where a BLOB column is a reference to a large object elsewhere, {@code getBytes} would not read it.
 */
@Configuration(proxyBeanMethods = false)
public class EmbeddedPayloadColumns {

    @Bean
    HibernatePropertiesCustomizer payloadsReadAsBytes() {
        TypeContributorList contributors = () -> List.of(new H2BlobsAsBytes());
        return properties -> properties.put(JpaSettings.TYPE_CONTRIBUTORS, contributors);
    }

    static final class H2BlobsAsBytes implements TypeContributor {

        @Override
        public void contribute(TypeContributions contributions, ServiceRegistry services) {
            if (services.requireService(JdbcServices.class).getDialect() instanceof H2Dialect) {
                contributions.contributeJdbcType(BlobJdbcType.MATERIALIZED);
            }
        }
    }
}

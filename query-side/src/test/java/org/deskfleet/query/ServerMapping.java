package org.deskfleet.query;

import org.springframework.context.ApplicationContext;
import org.springframework.data.mongodb.core.convert.MappingMongoConverter;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;
import org.springframework.data.mongodb.core.convert.NoOpDbRefResolver;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;

import java.util.List;

/**
 * Spring Data's mapping as the server has it (MongoTemplate's own default: the store's simple types, java.time among
 * them), for codec tests and {@link TestMongoTemplates}: one place, so the tests cannot drift apart on it.
 */
public final class ServerMapping {

    private ServerMapping() {
    }

    public static MappingMongoConverter converter() {
        return converter(null);
    }

    /** With {@code context}: collection names given as expressions on its beans resolve as in the server. */
    static MappingMongoConverter converter(ApplicationContext context) {
        MongoCustomConversions conversions = new MongoCustomConversions(List.of());
        MongoMappingContext mapping = new MongoMappingContext();
        mapping.setSimpleTypeHolder(conversions.getSimpleTypeHolder());
        if (context != null) {
            mapping.setApplicationContext(context);
        }
        mapping.afterPropertiesSet();
        MappingMongoConverter converter = new MappingMongoConverter(NoOpDbRefResolver.INSTANCE, mapping);
        converter.setCustomConversions(conversions);
        converter.afterPropertiesSet();
        return converter;
    }
}

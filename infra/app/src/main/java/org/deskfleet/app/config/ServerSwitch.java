package org.deskfleet.app.config;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.HashMap;
import java.util.Map;

/**
 * The one switch between the embedded default and real servers. {@code AXON_SERVER=host:8124} selects
 * Axon Server as event store and bus; {@code MONGO_URI=mongodb://...} selects a real MongoDB. The profile
 * {@code real} selects both on their default local addresses. {@code deskfleet.eventstore=postgres} (with
 * {@code deskfleet.postgres.url}, {@code .username}, {@code .password}) keeps events and deadlines in PostgreSQL
 * through Axon's JDBC event store: the third supported mode, and one several nodes share without Axon Server.
 * Nothing else in the code changes.
 */
public class ServerSwitch implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        boolean realProfile = env.matchesProfiles("real");
        String axonServer = env.getProperty("AXON_SERVER", realProfile ? "localhost:8124" : "");
        String mongoUri = env.getProperty("MONGO_URI", realProfile ? "mongodb://localhost:27017/deskfleet" : "");
        Map<String, Object> props = new HashMap<>();
        String eventStore = env.getProperty("deskfleet.eventstore", "").strip().toLowerCase(java.util.Locale.ROOT);
        switch (eventStore) {
            case "", "embedded", "axon-server" -> { }
            case "postgres" -> {
                String url = env.getProperty("deskfleet.postgres.url", "");
                if (!url.startsWith("jdbc:postgresql:")) {
                    throw new IllegalStateException("deskfleet.eventstore=postgres needs deskfleet.postgres.url "
                            + "(jdbc:postgresql://host:5432/database), not '" + url + "'");
                }
                if (!axonServer.isBlank()) {
                    throw new IllegalStateException("deskfleet.eventstore=postgres and AXON_SERVER exclude each other: choose one event store");
                }
                props.put("spring.datasource.url", url);
                props.put("spring.datasource.username", env.getProperty("deskfleet.postgres.username", "deskfleet"));
                props.put("spring.datasource.password", env.getProperty("deskfleet.postgres.password", ""));
                props.put("spring.datasource.driver-class-name", "org.postgresql.Driver");
            }
            default -> throw new IllegalStateException("deskfleet.eventstore must be embedded, axon-server or postgres, not '"
                    + eventStore + "'");
        }
        if (axonServer.isBlank()) {
            props.put("axon.axonserver.enabled", "false");
        } else {
            props.put("axon.axonserver.enabled", "true");
            props.put("axon.axonserver.servers", axonServer);
        }
        if (!mongoUri.isBlank()) {
            props.put("deskfleet.mongo.embedded", "false");
            props.put("spring.data.mongodb.uri", mongoUri);
            if (!eventStore.equals("postgres")) {
                // Deadlines move with the read model: into the real MongoDB, beside the projections
                // (with PostgreSQL they stay beside the events, in PostgreSQL).
                props.put("jobrunr.database.type", "mongodb");
            }
        }
        env.getPropertySources().addFirst(new MapPropertySource("deskfleet-server-switch", props));
    }
}

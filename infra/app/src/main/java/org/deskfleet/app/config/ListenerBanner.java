package org.deskfleet.app.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Tells the operator, once everything is up, where to point phones and browsers. */
@Component
public class ListenerBanner {

    private static final Logger log = LoggerFactory.getLogger(ListenerBanner.class);

    @EventListener(ApplicationReadyEvent.class)
    public void ready(ApplicationReadyEvent event) {
        var ctx = event.getApplicationContext();
        Environment env = ctx.getEnvironment();
        int httpPort = ctx instanceof WebServerApplicationContext w ? w.getWebServer().getPort() : -1;
        String httpHost = env.getProperty("server.address", "127.0.0.1");
        var wpi = ctx.getBean(WpiConfiguration.WpiListener.class);
        var props = ctx.getBean(DeskfleetProperties.class);
        boolean axonServer = env.getProperty("axon.axonserver.enabled", Boolean.class, false);
        log.info("""

                deskfleet is ready
                  WPI (phones)  https://{}:{}{}
                  WPI secure    https://{}:{}{} (mutual TLS)
                  DCMP polling  {}
                  GraphQL       https://{}:{}/graphql (WebSocket wss://{}:{}/graphql)
                  GraphiQL      https://{}:{}/graphiql
                  certificate   {}
                  sign in       infra/bin/deskfleet login --data {} --url https://{}:{}/graphql (every API call needs a token)
                  event store   {}
                  read model    {}
                  data          {}""",
                props.wpi().host(), wpi.port(), props.wpi().path(),
                props.wpi().host(), wpi.securePort(), props.wpi().path(),
                dcmp(env, ctx.getBean(DcmpConfiguration.DcmpListener.class).port()),
                httpHost, httpPort, httpHost, httpPort, httpHost, httpPort,
                HttpsConfiguration.BUNDLE.equals(env.getProperty("server.ssl.bundle"))
                        ? HttpsConfiguration.certificateFile(props.data()).toAbsolutePath().normalize()
                        : "SSL bundle " + env.getProperty("server.ssl.bundle"),
                props.data(), httpHost, httpPort,
                axonServer ? "Axon Server " + env.getProperty("axon.axonserver.servers") : "embedded (H2 file, JPA)",
                props.mongo().embedded() ? "embedded MongoDB-wire server" : "MongoDB " + withoutCredentials(env.getProperty("spring.data.mongodb.uri")),
                props.data().toAbsolutePath().normalize());
    }

    /** A connection string with its password (and any user info) masked: the banner goes to logs. */
    static String withoutCredentials(String uri) {
        return uri == null ? null : uri.replaceAll("(?<=://)[^@/?#]*@", "****@");
    }

    private static String dcmp(Environment env, int port) {
        return port < 0 ? "off (deskfleet.dcmp.mode=disabled)"
                : "http://" + env.getProperty("deskfleet.dcmp.host", "0.0.0.0") + ":" + port + "/dcmp/contact-me?device-id=<mac>";
    }
}

package org.deskfleet.api.graphiql;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * GraphiQL from the jar: the page and its own script here, React and GraphiQL from WebJars ({@code /webjars/**}),
 * nothing from the Internet. The Content-Security-Policy makes the browser hold the page to that: scripts, styles
 * and connections to this origin only. Spring's own GraphiQL page (which loads from a CDN) stays off.
 */
@Configuration
@ConditionalOnProperty(name = "deskfleet.graphiql.enabled", havingValue = "true", matchIfMissing = true)
public class GraphiQlPage {

    /** Same origin only; GraphiQL sets inline styles, and its fonts are data: URLs. */
    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "font-src 'self' data:; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    @Bean
    RouterFunction<ServerResponse> graphiQl(@Value("${deskfleet.graphiql.path:/graphiql}") String path) {
        return RouterFunctions.route()
                .GET(path, r -> page(new ClassPathResource("graphiql/index.html"), MediaType.TEXT_HTML))
                .GET("/graphiql/deskfleet-graphiql.js", r -> page(new ClassPathResource("graphiql/deskfleet-graphiql.js"),
                        MediaType.valueOf("text/javascript")))
                .GET("/graphiql/deskfleet-graphiql.css", r -> page(new ClassPathResource("graphiql/deskfleet-graphiql.css"),
                        MediaType.valueOf("text/css")))
                .build();
    }

    private static ServerResponse page(Resource resource, MediaType type) {
        return ServerResponse.ok().contentType(type).cacheControl(CacheControl.noCache())
                .header("Content-Security-Policy", POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .body(resource);
    }
}

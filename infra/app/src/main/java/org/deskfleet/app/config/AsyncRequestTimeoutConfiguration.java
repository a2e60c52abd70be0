package org.deskfleet.app.config;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/**
 * How long an API request answered later may take: {@code spring.mvc.async.request-timeout} (30 minutes: a projection
 * rebuild answers when it is done, and a large store takes minutes) for the container as well. Spring MVC's own
 * setting did not reach the GraphQL endpoint: {@code rebuildProjection} over HTTP ended after the container's default
 * of 30 s with HTTP 503 and a warning in the log, while the rebuild went on.
 */
@Configuration(proxyBeanMethods = false)
public class AsyncRequestTimeoutConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> asyncRequestTimeout(
            @Value("${spring.mvc.async.request-timeout:30m}") Duration timeout) {
        return factory -> factory.addConnectorCustomizers(connector -> connector.setAsyncTimeout(timeout.toMillis()));
    }
}

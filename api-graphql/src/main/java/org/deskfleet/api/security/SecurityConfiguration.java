package org.deskfleet.api.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * The HTTP side of sign-in. {@code /graphql} (HTTP and WebSocket) is open at this level only so that
 * {@code signIn} can be reached: every field there is checked by {@link AuthorizationInstrumentation}, and a
 * token that is present but invalid is answered 401 by {@link BearerTokenFilter}. Everything else (GraphiQL
 * and its assets included) needs a signed-in account; {@code /signin} is the page that gives GraphiQL one.
 * Stateless: no server-side HTTP session, no CSRF token (a bearer token or a SameSite=Strict cookie, and
 * GraphQL accepts JSON bodies only, which a foreign page cannot send without CORS).
 * <p>
 * Probes: {@code /actuator/health} and its liveness and readiness groups answer anyone with their status (a
 * kubelet or load balancer has no account); the components behind the status only to a signed-in account.
 * Metrics and the rest of Actuator need a signed-in account on the API port; on a management port of their
 * own ({@code management.server.port}, which the operator binds to a network only Prometheus reaches) they are
 * open, as Prometheus scrapes without a session.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    /**
     * No observation per security filter: Spring Security otherwise wraps each of the chain's filters, and the
     * chain itself, in an observation of its own (a timer started and stopped a dozen times per request), about
     * a tenth of a request's CPU outside its resolvers. The HTTP request and the GraphQL operation keep theirs.
     */
    @Bean
    static org.springframework.security.config.observation.SecurityObservationSettings securityObservationSettings() {
        return org.springframework.security.config.observation.SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, Authenticator authenticator,
                                    @Value("${server.port:8080}") int apiPort,
                                    @Value("${management.server.port:-1}") int managementPort) throws Exception {
        boolean ownManagementPort = managementPort > 0 && managementPort != apiPort;
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BearerTokenFilter(authenticator), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/graphql", "/signin", "/error").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness").permitAll()
                        .requestMatchers((HttpServletRequest r) -> ownManagementPort && r.getLocalPort() == managementPort
                                && r.getRequestURI().startsWith("/actuator/")).permitAll()
                        .anyRequest().authenticated())
                .exceptionHandling(e -> e.authenticationEntryPoint(new SignInPage.RedirectOrUnauthorized())
                        .accessDeniedHandler((req, res, ex) -> res.sendError(HttpStatus.FORBIDDEN.value())))
                .build();
    }
}

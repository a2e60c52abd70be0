package org.deskfleet.api.security;

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
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, Authenticator authenticator) throws Exception {
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
                        .anyRequest().authenticated())
                .exceptionHandling(e -> e.authenticationEntryPoint(new SignInPage.RedirectOrUnauthorized())
                        .accessDeniedHandler((req, res, ex) -> res.sendError(HttpStatus.FORBIDDEN.value())))
                .build();
    }
}

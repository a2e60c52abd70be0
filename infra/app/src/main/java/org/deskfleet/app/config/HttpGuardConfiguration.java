package org.deskfleet.app.config;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What every HTTP request to the API must pass before anything reads it (and before sign-in): a {@code Host} this
 * server answers to (DNS rebinding), an {@code Origin} that is its own or allowed (cross-site requests and
 * WebSocket hijacking), and a body no larger than {@code deskfleet.http.max-body-size}. WebSocket messages are
 * capped by the container ({@code deskfleet.http.max-websocket-message-size}).
 */
@Configuration
public class HttpGuardConfiguration {

    /** Runs first of all filters: a refused request costs no parsing and no sign-in. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> httpGuard(HttpProperties http,
                                                           @Value("${spring.graphql.cors.allowed-origins:}") List<String> allowedOrigins,
                                                           @Value("${server.address:}") String address) {
        HostAndOrigin rules = HostAndOrigin.of(http, allowedOrigins, address);
        long maxBody = http.maxBodySize().toBytes();
        var registration = new FilterRegistrationBean<OncePerRequestFilter>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String refusal = rules.refusal(request.getHeader("Host"), request.getHeader("Origin"), request.getScheme());
                if (refusal != null) {
                    refuse(response, HttpServletResponse.SC_FORBIDDEN, "FORBIDDEN", refusal);
                    return;
                }
                long length = request.getContentLengthLong();
                if (length > maxBody) {
                    refuse(response, 413, "PAYLOAD_TOO_LARGE", tooLarge(maxBody));
                    return;
                }
                if (length < 0 && hasBody(request)) {
                    // Chunked: read at most the cap (plus one byte to know it was more) before anyone parses it.
                    byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBody + 1));
                    if (body.length > maxBody) {
                        refuse(response, 413, "PAYLOAD_TOO_LARGE", tooLarge(maxBody));
                        return;
                    }
                    request = new BufferedBody(request, body);
                }
                chain.doFilter(request, response);
            }
        });
        registration.setOrder(ORDER);
        registration.setName("deskfleet-http-guard");
        return registration;
    }

    /** WebSocket (GraphQL subscriptions): a text message over the cap closes the connection with 1009. */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer(HttpProperties http) {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        int max = (int) Math.min(Integer.MAX_VALUE, http.maxWebsocketMessageSize().toBytes());
        container.setMaxTextMessageBufferSize(max);
        container.setMaxBinaryMessageBufferSize(max);
        return container;
    }

    private static String tooLarge(long max) {
        return "the request body is larger than " + max + " bytes (deskfleet.http.max-body-size)";
    }

    private static boolean hasBody(HttpServletRequest request) {
        String te = request.getHeader("Transfer-Encoding");
        return te != null && !te.isBlank();
    }

    /** A GraphQL-shaped error, so clients that read {@code errors} show the reason. */
    private static void refuse(HttpServletResponse response, int status, String classification, String message)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setHeader("Connection", "close");
        String json = "{\"errors\":[{\"message\":" + quote(message) + ",\"extensions\":{\"classification\":\""
                + classification + "\"}}]}";
        response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** The request with its body already read (and within the cap). */
    private static final class BufferedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            InputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    try {
                        return in.available() == 0;
                    } catch (IOException e) {
                        return true;
                    }
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }

                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}

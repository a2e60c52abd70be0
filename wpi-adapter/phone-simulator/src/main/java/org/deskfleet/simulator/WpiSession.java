package org.deskfleet.simulator;

import io.netty.handler.codec.http.cookie.ClientCookieEncoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.DefaultCookie;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP side of one interaction: remembers cookies from {@code Set-Cookie} and presents them on every
 * following request; in {@link ConnectionMode#KEEP_ALIVE} it keeps one connection open (reopening it if the
 * server closed it), in {@link ConnectionMode#CLOSE} every request gets a connection of its own.
 * Requests are sequential: a second {@code post} while one is in flight fails with {@link ErrorKind#PROTOCOL}.
 */
public final class WpiSession implements AutoCloseable {

    private final WpiHttpsClient client;
    private final Map<String, String> cookies = Collections.synchronizedMap(new LinkedHashMap<>());
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private final AtomicInteger connectionsOpened = new AtomicInteger();
    private volatile HttpConnection connection;
    private volatile boolean closed;

    WpiSession(WpiHttpsClient client) {
        this.client = client;
    }

    /** Posts with the cookies this session has collected (none on the first request). */
    public CompletableFuture<WpiResponse> post(byte[] body) {
        return post(body, cookieHeader());
    }

    /**
     * Posts with an explicit {@code Cookie} header value (null = none), e.g. to present a stale or malformed
     * cookie (wpi-protocol §2.2). Cookies set by the response are still collected.
     */
    public CompletableFuture<WpiResponse> post(byte[] body, String cookieHeaderOrNull) {
        if (closed) {
            return CompletableFuture.failedFuture(new SimulatorException(ErrorKind.PROTOCOL, "session is closed"));
        }
        if (!inFlight.compareAndSet(false, true)) {
            return CompletableFuture.failedFuture(new SimulatorException(ErrorKind.PROTOCOL,
                    "a request of this session is already in flight"));
        }
        boolean keepAlive = client.config().mode() == ConnectionMode.KEEP_ALIVE;
        HttpConnection current = connection;
        CompletableFuture<HttpConnection> conn;
        if (keepAlive && current != null && current.isReusable()) {
            conn = CompletableFuture.completedFuture(current);
        } else {
            if (current != null) {
                current.close(); // the server asked to close it, or it died: never leave it half open
            }
            conn = client.connect().thenApply(c -> {
                connectionsOpened.incrementAndGet();
                if (keepAlive) {
                    connection = c;
                    if (closed) {
                        c.close();
                    }
                }
                return c;
            });
        }
        return conn.thenCompose(c -> c.exchange(client.request(body, cookieHeaderOrNull))
                        .whenComplete((r, e) -> {
                            if (!keepAlive) {
                                c.close(); // the server should close first; never leave it to chance
                            }
                        }))
                .whenComplete((r, e) -> {
                    if (r != null) {
                        for (Cookie c : r.setCookies()) {
                            cookies.put(c.name(), c.value());
                        }
                    }
                    inFlight.set(false);
                });
    }

    /** The {@code Cookie} header the next {@link #post(byte[])} will send, or null when no cookie was set. */
    public String cookieHeader() {
        List<Cookie> list = new ArrayList<>();
        synchronized (cookies) {
            cookies.forEach((n, v) -> list.add(new DefaultCookie(n, v)));
        }
        return list.isEmpty() ? null : ClientCookieEncoder.LAX.encode(list);
    }

    public Optional<String> cookie(String name) {
        return Optional.ofNullable(cookies.get(name));
    }

    /** Cookies collected so far, name to value, in the order first set. */
    public Map<String, String> cookies() {
        synchronized (cookies) {
            return Map.copyOf(cookies);
        }
    }

    /** Connections this session opened so far (1 in keep-alive mode unless the server closed it). */
    public int connectionsOpened() {
        return connectionsOpened.get();
    }

    /** Closes the kept connection, if any. */
    @Override
    public void close() {
        closed = true;
        HttpConnection c = connection;
        if (c != null) {
            c.close();
        }
    }
}

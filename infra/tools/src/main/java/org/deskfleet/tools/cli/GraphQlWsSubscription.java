package org.deskfleet.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One GraphQL subscription over WebSocket, protocol {@code graphql-transport-ws}: connection_init, wait for
 * connection_ack, subscribe, then hand every {@code next} payload's data to the consumer until the server
 * sends {@code complete} or {@code error}. Pings are answered with pongs. {@link #done()} completes
 * normally on {@code complete} and exceptionally with a {@link Failure} carrying a readable message on a
 * GraphQL error, a refused handshake or a dropped connection.
 */
public final class GraphQlWsSubscription implements WebSocket.Listener {

    public static final String SUBPROTOCOL = "graphql-transport-ws";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "1";

    /** Why the subscription did not end with {@code complete}; the message is meant for the operator. */
    public static final class Failure extends RuntimeException {
        public Failure(String message) {
            super(message);
        }

        public Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final String query;
    private final Map<String, Object> variables;
    private final Consumer<JsonNode> onData;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private boolean acknowledged;

    private volatile String token;

    private GraphQlWsSubscription(String query, Map<String, Object> variables, Consumer<JsonNode> onData) {
        this.query = query;
        this.variables = variables;
        this.onData = onData;
    }

    /**
     * Connects and subscribes. The connection must be acknowledged within {@code ackTimeout}; after that
     * the subscription lasts as long as the server keeps it. {@code headers} go on the WebSocket handshake.
     */
    public static GraphQlWsSubscription open(HttpClient http, URI url, Map<String, String> headers, String query,
                                             Map<String, Object> variables, Consumer<JsonNode> onData,
                                             Duration connectTimeout, Duration ackTimeout) {
        return open(http, url, headers, null, query, variables, onData, connectTimeout, ackTimeout);
    }

    /** The same, signed in: {@code token} goes in the connection_init payload. */
    public static GraphQlWsSubscription open(HttpClient http, URI url, Map<String, String> headers, String token, String query,
                                             Map<String, Object> variables, Consumer<JsonNode> onData,
                                             Duration connectTimeout, Duration ackTimeout) {
        GraphQlWsSubscription s = new GraphQlWsSubscription(query, variables, onData);
        s.token = token;
        WebSocket.Builder builder = http.newWebSocketBuilder().subprotocols(SUBPROTOCOL).connectTimeout(connectTimeout);
        headers.forEach(builder::header);
        builder.buildAsync(url, s).whenComplete((ws, error) -> {
            if (error != null) {
                s.fail(new Failure("cannot connect to " + url + ": " + rootMessage(error), error));
            }
        });
        CompletableFuture.delayedExecutor(ackTimeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            synchronized (s) {
                if (!s.acknowledged && !s.done.isDone()) {
                    s.fail(new Failure("no connection_ack from " + url + " within " + ackTimeout.toSeconds() + " s"));
                }
            }
        });
        return s;
    }

    /** Completes when the server completes the subscription; exceptionally with a {@link Failure}. */
    public CompletableFuture<Void> done() {
        return done;
    }

    /** Stops the subscription (the client's {@code complete}) and closes the connection. */
    public void cancel() {
        if (done.isDone()) {
            return;
        }
        WebSocket ws = socket;
        if (ws != null) {
            send(ws, message("complete", ID, null)).thenCompose(x -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "cancelled"));
        }
        done.complete(null);
    }

    // ------------------------------------------------------------------ WebSocket.Listener

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        var payload = JSON.createObjectNode();
        if (token != null) {
            // the server checks the session token here (browsers cannot set headers on a WebSocket)
            payload.put("token", token);
        }
        send(webSocket, message("connection_init", null, payload));
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            try {
                handle(webSocket, JSON.readTree(text));
            } catch (Exception e) {
                fail(new Failure("unreadable message from the server: " + rootMessage(e), e));
                webSocket.sendClose(4400, "unreadable message");
            }
        }
        if (!done.isDone()) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        fail(new Failure("the server closed the connection (" + statusCode
                + (reason == null || reason.isBlank() ? "" : ", " + reason) + ")"));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        fail(new Failure("connection lost: " + rootMessage(error), error));
    }

    // ------------------------------------------------------------------ protocol

    private void handle(WebSocket ws, JsonNode message) {
        String type = message.path("type").asText("");
        switch (type) {
            case "connection_ack" -> {
                synchronized (this) {
                    if (acknowledged) {
                        return;
                    }
                    acknowledged = true;
                }
                ObjectNode payload = JSON.createObjectNode();
                payload.put("query", query);
                payload.set("variables", JSON.valueToTree(variables));
                send(ws, message("subscribe", ID, payload));
            }
            case "ping" -> send(ws, message("pong", null, message.get("payload")));
            case "pong" -> { }
            case "next" -> {
                if (!ID.equals(message.path("id").asText())) {
                    return;
                }
                JsonNode payload = message.path("payload");
                JsonNode errors = payload.path("errors");
                if (errors.isArray() && !errors.isEmpty()) {
                    fail(new Failure(errorMessages(errors)));
                    close(ws);
                } else {
                    onData.accept(payload.path("data"));
                }
            }
            case "error" -> {
                fail(new Failure(errorMessages(message.path("payload"))));
                close(ws);
            }
            case "complete" -> {
                done.complete(null);
                close(ws);
            }
            default -> { }
        }
    }

    private static String errorMessages(JsonNode errors) {
        if (!errors.isArray() || errors.isEmpty()) {
            return "the server reported an error";
        }
        StringBuilder b = new StringBuilder();
        for (JsonNode e : errors) {
            if (!b.isEmpty()) {
                b.append("; ");
            }
            b.append(e.path("message").asText("error"));
        }
        return b.toString();
    }

    private static ObjectNode message(String type, String id, JsonNode payload) {
        ObjectNode m = JSON.createObjectNode();
        if (id != null) {
            m.put("id", id);
        }
        m.put("type", type);
        if (payload != null && !payload.isNull() && !payload.isMissingNode()) {
            m.set("payload", payload);
        }
        return m;
    }

    /** One send at a time, as {@link WebSocket} requires. */
    private synchronized CompletableFuture<?> send(WebSocket ws, ObjectNode message) {
        String text = message.toString();
        sending = sending.handle((x, e) -> null).thenCompose(x -> ws.sendText(text, true));
        return sending;
    }

    private void close(WebSocket ws) {
        synchronized (this) {
            sending = sending.handle((x, e) -> null).thenCompose(x -> ws.sendClose(WebSocket.NORMAL_CLOSURE, ""));
        }
    }

    private void fail(Failure failure) {
        done.completeExceptionally(failure);
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return m == null || m.isBlank() ? c.getClass().getSimpleName() : m;
    }
}

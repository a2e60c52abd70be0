package org.deskfleet.simulator;

import io.netty.channel.EventLoopGroup;
import org.deskfleet.simulator.bench.BaselineServer;
import org.deskfleet.simulator.bench.BaselineServer.Reply;
import org.deskfleet.simulator.bench.BaselineServer.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WpiHttpsClientTest {

    static TestSupport.SwitchableServer server;
    static EventLoopGroup group;
    final List<Request> seen = new CopyOnWriteArrayList<>();

    static final byte[] BODY = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><WorkpointMessage xmlns=\"http://www.siemens.com/DLS\">"
            + "<Message nonce=\"ABCDEF0123456789ABCDEF0123456789\" maxItems=\"-1\"><ReasonForContact>start-up</ReasonForContact>"
            + "<ItemList/></Message></WorkpointMessage>").getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void start() {
        server = new TestSupport.SwitchableServer();
        group = WpiHttpsClient.newEventLoopGroup(2);
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        server.close();
    }

    @AfterEach
    void reset() {
        server.reset();
    }

    private void recordAndCleanUp() {
        server.respond(r -> {
            seen.add(r);
            return BaselineServer.cannedCleanUp(r);
        });
    }

    @Test
    void postLooksLikeAPhoneRequest() {
        recordAndCleanUp();
        WpiHttpsClient client = new WpiHttpsClient(server.config(ConnectionMode.CLOSE), group);
        WpiResponse r = client.post(BODY, "JSESSIONID=STALE; path=/").join();

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.httpVersion()).isEqualTo("HTTP/1.1");
        assertThat(r.bodyText()).contains("<Action>CleanUp</Action>").contains("nonce=\"ABCDEF0123456789ABCDEF0123456789\"");
        assertThat(r.header("Content-Type")).contains("text/xml; charset=UTF-8");
        Request req = seen.getFirst();
        assertThat(req.method()).isEqualTo("POST");
        assertThat(req.uri()).isEqualTo("/DeploymentService/LoginService");
        assertThat(req.httpVersion()).isEqualTo("HTTP/1.1");
        assertThat(req.header("content-type")).contains("text/xml");
        assertThat(req.header("content-length")).contains(Integer.toString(BODY.length));
        assertThat(req.header("transfer-encoding")).isEmpty();
        assertThat(req.header("connection")).contains("close");
        assertThat(req.header("host")).contains(server.server.host() + ":" + server.server.port());
        assertThat(req.header("cookie")).contains("JSESSIONID=STALE; path=/");
        assertThat(req.body()).isEqualTo(BODY);
    }

    @Test
    void keepAliveSessionReusesOneConnectionAndPresentsTheCookie() {
        recordAndCleanUp();
        WpiHttpsClient client = new WpiHttpsClient(server.config(ConnectionMode.KEEP_ALIVE), group);
        WpiSession session = client.openSession();
        WpiResponse first = session.post(BODY).join();
        WpiResponse second = session.post(BODY).join();
        WpiResponse third = session.post(BODY).join();
        session.close();

        assertThat(first.reusedConnection()).isFalse();
        assertThat(second.reusedConnection()).isTrue();
        assertThat(third.reusedConnection()).isTrue();
        assertThat(session.connectionsOpened()).isEqualTo(1);
        assertThat(seen).extracting(Request::connectionId).containsOnly(seen.getFirst().connectionId());
        assertThat(seen).extracting(Request::indexOnConnection).containsExactly(1, 2, 3);
        assertThat(seen).allSatisfy(r -> assertThat(r.header("connection")).isEmpty());

        String jsession = first.setCookie("JSESSIONID").orElseThrow();
        assertThat(seen.get(0).header("cookie")).isEmpty();
        assertThat(seen.get(1).header("cookie")).contains("JSESSIONID=" + jsession);
        assertThat(seen.get(2).header("cookie")).contains("JSESSIONID=" + jsession);
        assertThat(session.cookie("JSESSIONID")).contains(jsession);
        assertThat(second.setCookies()).isEmpty(); // the server only sets it on a cookie-less request
    }

    @Test
    void closeModeOpensAConnectionPerRequestAndTheCookieTiesThem() {
        recordAndCleanUp();
        WpiHttpsClient client = new WpiHttpsClient(server.config(ConnectionMode.CLOSE), group);
        WpiSession session = client.openSession();
        WpiResponse first = session.post(BODY).join();
        session.post(BODY).join();
        session.post(BODY).join();

        assertThat(session.connectionsOpened()).isEqualTo(3);
        assertThat(seen).extracting(Request::connectionId).doesNotHaveDuplicates();
        assertThat(seen).allSatisfy(r -> {
            assertThat(r.header("connection")).contains("close");
            assertThat(r.indexOnConnection()).isEqualTo(1);
        });
        String jsession = first.setCookie("JSESSIONID").orElseThrow();
        assertThat(seen.get(0).header("cookie")).isEmpty();
        assertThat(seen.subList(1, 3)).allSatisfy(r -> assertThat(r.header("cookie")).contains("JSESSIONID=" + jsession));
    }

    @Test
    void keepAliveSessionReconnectsWhenTheServerCloses() {
        server.respond(r -> {
            seen.add(r);
            return BaselineServer.cannedCleanUp(r).withHeader("Connection", "close");
        });
        WpiHttpsClient client = new WpiHttpsClient(server.config(ConnectionMode.KEEP_ALIVE), group);
        WpiSession session = client.openSession();
        session.post(BODY).join();
        WpiResponse second = session.post(BODY).join();
        assertThat(second.reusedConnection()).isFalse();
        assertThat(session.connectionsOpened()).isEqualTo(2);
        assertThat(seen.get(1).header("cookie")).isPresent();
    }

    @ParameterizedTest
    @EnumSource(ConnectionMode.class)
    void manyConcurrentSessionsOnOneGroup(ConnectionMode mode) {
        WpiHttpsClient client = new WpiHttpsClient(server.config(mode), group);
        List<CompletableFuture<WpiResponse>> all = IntStream.range(0, 100)
                .mapToObj(i -> {
                    WpiSession s = client.openSession();
                    return s.post(BODY).thenCompose(r -> s.post(BODY)).whenComplete((r, e) -> s.close());
                })
                .toList();
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        assertThat(all).allSatisfy(f -> assertThat(f.join().status()).isEqualTo(200));
    }

    @Test
    void sessionRefusesOverlappingRequests() {
        server.respond(r -> null); // never answers
        WpiHttpsClient client = new WpiHttpsClient(server.config(ConnectionMode.KEEP_ALIVE)
                .withRequestTimeout(Duration.ofMillis(500)), group);
        WpiSession session = client.openSession();
        CompletableFuture<WpiResponse> first = session.post(BODY);
        assertThatThrownBy(() -> session.post(BODY).join())
                .satisfies(e -> assertThat(ErrorKind.of(e)).isEqualTo(ErrorKind.PROTOCOL));
        assertThatThrownBy(first::join).satisfies(e -> assertThat(ErrorKind.of(e)).isEqualTo(ErrorKind.TIMEOUT));
        session.close();
    }

    @Test
    void errorsAreClassified() {
        WpiHttpsClient refused = new WpiHttpsClient(ClientConfig.of("127.0.0.1", TestSupport.closedPort(),
                ConnectionMode.KEEP_ALIVE), group);
        assertThatThrownBy(() -> refused.post(BODY, null).join())
                .satisfies(e -> assertThat(ErrorKind.of(e)).isEqualTo(ErrorKind.CONNECT));

        server.respond(r -> null);
        WpiHttpsClient slow = new WpiHttpsClient(server.config(ConnectionMode.KEEP_ALIVE)
                .withRequestTimeout(Duration.ofMillis(300)), group);
        assertThatThrownBy(() -> slow.post(BODY, null).join())
                .satisfies(e -> assertThat(ErrorKind.of(e)).isEqualTo(ErrorKind.TIMEOUT));

        server.respond(r -> new Reply(503, java.util.Map.of(), new byte[0]));
        WpiHttpsClient client = new WpiHttpsClient(server.config(ConnectionMode.KEEP_ALIVE), group);
        assertThat(client.post(BODY, null).join().status()).isEqualTo(503); // a status is data, not an error
    }

    @Test
    void rawBytesReachTheServerUnchanged() {
        WpiHttpsClient client = new WpiHttpsClient(server.config(ConnectionMode.KEEP_ALIVE), group);
        byte[] answer = client.sendRaw("NOT HTTP AT ALL\r\n\r\n".getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(5)).join();
        assertThat(new String(answer, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 400");

        // A hand-written request with a cookie header only a hostile client would send.
        String req = "POST /DeploymentService/LoginService HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n"
                + "Connection: close\r\nCookie: JSESSIONID=;;;\r\nContent-Length: " + BODY.length + "\r\n\r\n";
        byte[] wire = new byte[req.length() + BODY.length];
        System.arraycopy(req.getBytes(StandardCharsets.US_ASCII), 0, wire, 0, req.length());
        System.arraycopy(BODY, 0, wire, req.length(), BODY.length);
        String text = new String(client.sendRaw(wire, Duration.ofSeconds(5)).join(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("HTTP/1.1 200").contains("<Action>CleanUp</Action>");
    }

    @Test
    void rawPlainTextOnTheTlsPortIsDropped() throws Exception {
        WpiHttpsClient client = new WpiHttpsClient(server.config(ConnectionMode.KEEP_ALIVE), group);
        RawConnection raw = client.openRaw(false).join();
        raw.write("POST / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)).join();
        byte[] got = raw.closeFuture().get(5, TimeUnit.SECONDS);
        assertThat(raw.isOpen()).isFalse();
        assertThat(new String(got, StandardCharsets.ISO_8859_1)).doesNotContain("HTTP/1.1 200");
    }
}

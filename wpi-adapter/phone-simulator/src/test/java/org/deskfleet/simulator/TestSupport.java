package org.deskfleet.simulator;

import org.deskfleet.simulator.bench.BaselineServer;
import org.deskfleet.simulator.bench.BaselineServer.Reply;
import org.deskfleet.simulator.bench.BaselineServer.Request;
import org.deskfleet.simulator.bench.BaselineServer.Responder;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicReference;

/** One loopback BaselineServer per test class whose answers each test swaps in. */
final class TestSupport {

    private TestSupport() {
    }

    static final class SwitchableServer implements AutoCloseable {
        final AtomicReference<Responder> responder = new AtomicReference<>(BaselineServer::cannedCleanUp);
        final BaselineServer server = BaselineServer.start(this::answer, 2);

        private Reply answer(Request r) {
            return responder.get().respond(r);
        }

        void respond(Responder r) {
            responder.set(r);
        }

        void reset() {
            responder.set(BaselineServer::cannedCleanUp);
        }

        ClientConfig config(ConnectionMode mode) {
            return ClientConfig.of(server.host(), server.port(), mode);
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /** A loopback port nobody listens on (just closed). */
    static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

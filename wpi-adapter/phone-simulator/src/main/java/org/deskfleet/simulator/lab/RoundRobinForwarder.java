package org.deskfleet.simulator.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A plain TCP load balancer, as phones meet one in front of several nodes: each new connection goes to the next
 * node in turn (no stickiness: a phone that opens a connection per request alternates nodes request by
 * request); a node that refuses the connection is skipped, as a balancer's health check would.
 */
public final class RoundRobinForwarder implements AutoCloseable {

    private final ServerSocket listener;
    private final List<Integer> ports;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLongArray connections;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    public RoundRobinForwarder(List<Integer> ports) throws IOException {
        this.ports = List.copyOf(ports);
        this.connections = new AtomicLongArray(ports.size());
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress("127.0.0.1", 0), 1024);
        threads.submit(this::accept);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections handed to each node so far. */
    public long connections(int node) {
        return connections.get(node);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket phone = listener.accept();
                threads.submit(() -> forward(phone));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void forward(Socket phone) {
        int first = Math.floorMod(next.getAndIncrement(), ports.size());
        for (int i = 0; i < ports.size(); i++) {
            int node = (first + i) % ports.size();
            Socket server = new Socket();
            try {
                server.connect(new InetSocketAddress("127.0.0.1", ports.get(node)), 2_000);
            } catch (IOException refused) {
                close(server);
                continue;
            }
            connections.incrementAndGet(node);
            threads.submit(() -> pipe(phone, server));
            pipe(server, phone);
            return;
        }
        close(phone);
    }

    private static void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // one side closed or was killed
        } finally {
            close(from);
            close(to);
        }
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        threads.shutdownNow();
    }
}

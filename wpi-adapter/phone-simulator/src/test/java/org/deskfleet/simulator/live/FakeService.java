package org.deskfleet.simulator.live;

import com.sun.net.httpserver.HttpServer;
import org.deskfleet.simulator.bench.BaselineServer;
import org.deskfleet.simulator.bench.BaselineServer.Reply;
import org.deskfleet.simulator.bench.BaselineServer.Request;
import org.deskfleet.wpi.codec.Action;
import org.deskfleet.wpi.codec.PhoneMessage;
import org.deskfleet.wpi.codec.ReplyStatus;
import org.deskfleet.wpi.codec.ServiceMessage;
import org.deskfleet.wpi.codec.WpiCodec;
import org.deskfleet.wpi.codec.WpiDecodeException;
import org.deskfleet.wpi.codec.WpiItem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny WPI service with a job queue per phone, like the real one in spirit: one job per interaction, busy
 * keeps it and ends with {@code send-solicited}, a Restart is done once sent; plus a DCMP endpoint answering
 * 202 while a phone has jobs.
 */
final class FakeService implements AutoCloseable {

    record Job(Action action, List<WpiItem> items) {
    }

    final WpiCodec codec = new WpiCodec();
    final Map<String, Deque<Job>> jobs = new ConcurrentHashMap<>();
    final Map<String, String> macByNonce = new ConcurrentHashMap<>();
    final List<Entry<String, PhoneMessage>> seen = new CopyOnWriteArrayList<>();
    final List<String> unreadable = new CopyOnWriteArrayList<>();
    final BaselineServer wpi = BaselineServer.start(this::answer, 1);
    final HttpServer dcmp;

    FakeService() {
        try {
            dcmp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dcmp.createContext("/dcmp/contact-me", ex -> {
            String q = ex.getRequestURI().getRawQuery();
            String mac = q == null ? "" : URLDecoder.decode(q.replaceFirst("^device-id=", ""), StandardCharsets.UTF_8);
            ex.sendResponseHeaders(hasJobs(mac) ? 202 : 200, -1);
            ex.close();
        });
        dcmp.start();
    }

    String dcmpUrl() {
        return "http://127.0.0.1:" + dcmp.getAddress().getPort();
    }

    void add(String mac, Action action, WpiItem... items) {
        jobs.computeIfAbsent(mac, k -> new ConcurrentLinkedDeque<>()).add(new Job(action, List.of(items)));
    }

    boolean hasJobs(String mac) {
        Deque<Job> q = jobs.get(mac);
        return q != null && !q.isEmpty();
    }

    /** Messages this phone sent, in order. */
    List<PhoneMessage> from(String mac) {
        return seen.stream().filter(e -> e.getKey().equals(mac)).map(Entry::getValue).toList();
    }

    private Reply answer(Request r) {
        PhoneMessage m;
        try {
            m = codec.readPhoneMessage(r.body());
        } catch (WpiDecodeException e) {
            unreadable.add(r.bodyText());
            return new Reply(400, Map.of(), new byte[0]);
        }
        String mac = m.item("mac-addr").orElseGet(() -> macByNonce.getOrDefault(m.nonce(), "?"));
        macByNonce.put(m.nonce(), mac);
        seen.add(Map.entry(mac, m));
        Deque<Job> queue = jobs.computeIfAbsent(mac, k -> new ConcurrentLinkedDeque<>());
        return switch (m.reason()) {
            case REPLY_TO -> {
                if (m.replyStatus() == ReplyStatus.BUSY) {
                    yield cleanUp(m.nonce(), true);
                }
                queue.poll();
                yield cleanUp(m.nonce(), !queue.isEmpty());
            }
            case START_UP, SOLICITED, LOCAL_CHANGES, INVENTORY_CHANGES -> {
                Job job = queue.peek();
                if (job == null) {
                    yield cleanUp(m.nonce(), false);
                }
                if (job.action() == Action.RESTART) {
                    queue.poll(); // no answer follows a Restart
                }
                yield xml(new ServiceMessage(m.nonce(), job.action(), job.items()));
            }
            default -> cleanUp(m.nonce(), false);
        };
    }

    private Reply cleanUp(String nonce, boolean sendSolicited) {
        return xml(new ServiceMessage(nonce, Action.CLEAN_UP,
                sendSolicited ? List.of(WpiItem.of("send-solicited", "true")) : List.of()));
    }

    private Reply xml(ServiceMessage msg) {
        return Reply.xml(codec.writeServiceMessage(msg));
    }

    @Override
    public void close() {
        dcmp.stop(0);
        wpi.close();
    }
}

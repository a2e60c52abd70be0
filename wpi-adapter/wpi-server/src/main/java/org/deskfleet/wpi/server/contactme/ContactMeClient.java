package org.deskfleet.wpi.server.contactme;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.handler.timeout.ReadTimeoutHandler;
import org.deskfleet.wpi.server.contactme.ContactOutcome.Result;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Asks phones to call back (wpi-protocol §8.1): a form POST to the phone's {@code contact-me-uri}, answered
 * with 204. Phones crash when hammered (wpi-protocol §8.3), so each phone is contacted at most once per contact
 * gap, and all contacts together at most {@code maxPerSecond}: excess requests wait for their slot, none is
 * dropped. Never blocks: waits are scheduled on the event loop.
 */
public final class ContactMeClient implements AutoCloseable {

    /**
     * @param contactGap      minimum time between two contacts of one phone (the phone's own gap, 300 s)
     * @param callbackAddress sent as {@code dls_ip_addr} when not null: where the phone should call back
     */
    public record Settings(Duration contactGap, double maxPerSecond, Duration timeout, String callbackAddress,
                           Integer callbackPort, List<String> allowedNetworks) {

        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(300), 20, Duration.ofSeconds(5), null, null);

        public Settings {
            if (maxPerSecond <= 0) {
                throw new IllegalArgumentException("maxPerSecond must be positive");
            }
            allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
            allowedNetworks.forEach(Networks::parse);
        }

        /** Every address allowed. */
        public Settings(Duration contactGap, double maxPerSecond, Duration timeout, String callbackAddress,
                        Integer callbackPort) {
            this(contactGap, maxPerSecond, timeout, callbackAddress, callbackPort, List.of());
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final EventLoopGroup group;
    private final boolean ownGroup;
    private final Map<String, Instant> lastContact = new ConcurrentHashMap<>();
    private final Object slots = new Object();
    private volatile Instant lastPrune;
    private long nextSlotNanos;

    public ContactMeClient(Settings settings, Clock clock) {
        this(settings, clock, new NioEventLoopGroup(1), true);
    }

    public ContactMeClient(Settings settings, Clock clock, EventLoopGroup group, boolean ownGroup) {
        this.settings = settings;
        this.clock = clock;
        this.group = group;
        this.ownGroup = ownGroup;
        this.nextSlotNanos = System.nanoTime();
    }

    public CompletableFuture<ContactOutcome> contact(String deviceId, URI contactMeUri) {
        if (contactMeUri == null || !"http".equalsIgnoreCase(contactMeUri.getScheme()) || contactMeUri.getHost() == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "contact-me URI must be an absolute http URI, got: " + contactMeUri));
        }
        Instant now = clock.instant();
        if (!Networks.isLiteral(contactMeUri.getHost())) {
            // Never resolved: DNS would block the event loop and could point anywhere (rebinding).
            return CompletableFuture.completedFuture(new ContactOutcome(deviceId, Result.BLOCKED, 0,
                    "contact-me goes to IP addresses only, not to a host name", now));
        }
        if (!Networks.allows(settings.allowedNetworks(), contactMeUri.getHost())) {
            return CompletableFuture.completedFuture(new ContactOutcome(deviceId, Result.BLOCKED, 0,
                    contactMeUri.getHost() + " is outside the networks contact-me may reach " + settings.allowedNetworks(), now));
        }
        Instant last = lastContact.get(deviceId);
        if (last != null && last.plus(settings.contactGap()).isAfter(now)) {
            return CompletableFuture.completedFuture(new ContactOutcome(deviceId, Result.SKIPPED_CONTACT_GAP, 0,
                    "last contact " + last + ", gap " + settings.contactGap(), now));
        }
        lastContact.put(deviceId, now);
        forgetOldContacts(now);
        CompletableFuture<ContactOutcome> outcome = new CompletableFuture<>();
        long delay = reserveSlot();
        group.schedule(() -> send(deviceId, contactMeUri, outcome), delay, TimeUnit.NANOSECONDS);
        return outcome;
    }

    /**
     * Entries older than the gap decide nothing any more; without pruning the map would keep every device
     * and every scanned address for ever. Pruned at most once a minute, so a big fleet pays little for it.
     */
    private void forgetOldContacts(Instant now) {
        Instant last = lastPrune;
        if (last != null && last.plusSeconds(60).isAfter(now)) {
            return;
        }
        lastPrune = now;
        Instant limit = now.minus(settings.contactGap());
        lastContact.values().removeIf(at -> at.isBefore(limit));
    }

    /** Devices whose last contact is remembered (for the contact gap). */
    public int remembered() {
        return lastContact.size();
    }

    /** Token bucket of one: each request takes the next free slot; the delay until it is returned. */
    private long reserveSlot() {
        long interval = (long) (1_000_000_000L / settings.maxPerSecond());
        synchronized (slots) {
            long now = System.nanoTime();
            long slot = Math.max(now, nextSlotNanos);
            nextSlotNanos = slot + interval;
            return slot - now;
        }
    }

    private void send(String deviceId, URI uri, CompletableFuture<ContactOutcome> outcome) {
        int port = uri.getPort() > 0 ? uri.getPort() : 8085;
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.timeout().toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ReadTimeoutHandler(settings.timeout().toMillis(), TimeUnit.MILLISECONDS),
                                new HttpClientCodec(), new HttpObjectAggregator(16 * 1024),
                                new SimpleChannelInboundHandler<FullHttpResponse>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse res) {
                                        int status = res.status().code();
                                        outcome.complete(new ContactOutcome(deviceId, status == 204 || status == 200
                                                ? Result.ACKNOWLEDGED : Result.REFUSED, status, res.status().reasonPhrase(),
                                                clock.instant()));
                                        ctx.close();
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        outcome.complete(new ContactOutcome(deviceId, cause instanceof ReadTimeoutException
                                                ? Result.TIMED_OUT : Result.REFUSED, 0, cause.toString(), clock.instant()));
                                        ctx.close();
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        outcome.complete(new ContactOutcome(deviceId, Result.REFUSED, 0,
                                                "connection closed without an answer", clock.instant()));
                                    }
                                });
                    }
                });
        ChannelFuture connect = b.connect(uri.getHost(), port);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                outcome.complete(new ContactOutcome(deviceId, Result.UNREACHABLE, 0, String.valueOf(f.cause()), clock.instant()));
                return;
            }
            Channel ch = connect.channel();
            byte[] form = form().getBytes(StandardCharsets.UTF_8);
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/contact_dls.html/ContactDLS" : uri.getRawPath();
            var req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path, Unpooled.wrappedBuffer(form));
            req.headers().set(HttpHeaderNames.HOST, uri.getHost() + ":" + port);
            req.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/x-www-form-urlencoded; charset=utf-8");
            req.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, form.length);
            req.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ch.writeAndFlush(req);
        });
    }

    private String form() {
        StringBuilder sb = new StringBuilder("ContactMe=true");
        if (settings.callbackAddress() != null) {
            sb.append("&dls_ip_addr=").append(URLEncoder.encode(settings.callbackAddress(), StandardCharsets.UTF_8));
            if (settings.callbackPort() != null) {
                sb.append("&dls_ip_port=").append(settings.callbackPort());
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        if (ownGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}

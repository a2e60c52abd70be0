package org.deskfleet.app.e2e;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Locale;

/**
 * Someone on the phone network who is no phone: plain JDK TLS sockets from a chosen loopback source address
 * (127.0.0.0/8 is all local), which send what they like and keep the connection open if they like.
 */
final class HostilePeer implements AutoCloseable {

    private final SSLSocket socket;

    private HostilePeer(SSLSocket socket) {
        this.socket = socket;
    }

    static HostilePeer connect(String from, int port) throws IOException {
        Socket tcp = new Socket();
        tcp.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        tcp.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        tcp.setSoTimeout(15_000);
        SSLSocket tls = (SSLSocket) trustingAll().getSocketFactory().createSocket(tcp, "127.0.0.1", port, true);
        tls.startHandshake();
        return new HostilePeer(tls);
    }

    /** Sends raw bytes on the TLS connection (a request in pieces, as slowly as the caller likes). */
    void send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** Whether the server has closed this connection (a short read shows end-of-stream or an error). */
    boolean closedByServer() {
        try {
            socket.setSoTimeout(200);
            return socket.getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Posts a WPI body on this connection and returns the answer body (keep-alive: the connection stays). */
    String post(String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /DeploymentService/LoginService HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\n"
                + "Connection: keep-alive\r\nContent-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        return readResponse(socket.getInputStream());
    }

    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            head.write(c);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                break;
            }
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        byte[] body = in.readNBytes(length);
        return headers.split("\r\n", 2)[0] + "\n" + new String(body, StandardCharsets.UTF_8);
    }

    static String startUp(String mac) {
        return startUp(mac, "");
    }

    /** A start-up carrying extra items (raw XML), e.g. a contact-me-uri of the sender's choosing. */
    static String startUp(String mac, String extraItems) {
        return """
                <WorkpointMessage xmlns="http://www.siemens.com/DLS"><Message nonce="0A1B2C3D" maxItems="-1">
                <ReasonForContact>start-up</ReasonForContact><ItemList>
                <Item name="mac-addr">%s</Item><Item name="e164">4930</Item><Item name="device-type">OpenStage 40</Item>
                <Item name="software-version">V3 R5.14.0</Item>%s
                </ItemList></Message></WorkpointMessage>""".formatted(mac, extraItems);
    }

    static String randomMac(SecureRandom random) {
        byte[] b = new byte[6];
        random.nextBytes(b);
        b[0] = (byte) ((b[0] & 0xfc) | 0x02); // locally administered, unicast: never a real phone's
        return String.format("%02x:%02x:%02x:%02x:%02x:%02x", b[0], b[1], b[2], b[3], b[4], b[5]);
    }

    static SSLContext trustingAll() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[]{new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}

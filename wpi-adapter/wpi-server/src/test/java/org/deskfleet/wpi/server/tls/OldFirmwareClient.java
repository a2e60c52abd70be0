package org.deskfleet.wpi.server.tls;

import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerOnlyTlsAuthentication;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Locale;

/**
 * A phone with old firmware: BouncyCastle's TLS client limited to one version and one suite, as such a phone
 * offers them (a JSSE client in this JVM could not: the JDK bans them JVM-wide, which is the point).
 */
public final class OldFirmwareClient implements AutoCloseable {

    private final Socket socket;
    private final TlsClientProtocol protocol;
    private final Client client;

    private OldFirmwareClient(Socket socket, TlsClientProtocol protocol, Client client) {
        this.socket = socket;
        this.protocol = protocol;
        this.client = client;
    }

    /** Connects and completes the handshake, or throws (the server refused: an alert or a closed socket). */
    public static OldFirmwareClient connect(int port, ProtocolVersion version, int suite) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        TlsClientProtocol protocol = new TlsClientProtocol(socket.getInputStream(), socket.getOutputStream());
        Client client = new Client(version, suite);
        try {
            protocol.connect(client);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        return new OldFirmwareClient(socket, protocol, client);
    }

    public ProtocolVersion version() {
        return client.ctx().getServerVersion();
    }

    /** The negotiated suite's IANA name. */
    public String cipherSuite() {
        int suite = client.ctx().getSecurityParametersConnection().getCipherSuite();
        for (var f : CipherSuite.class.getFields()) {
            try {
                if (f.getType() == int.class && f.getInt(null) == suite && f.getName().startsWith("TLS_")) {
                    return f.getName();
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return Integer.toHexString(suite);
    }

    /** POSTs a WPI message on this connection; returns the answer's status line and body. */
    public String post(String path, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = protocol.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nContent-Length: "
                + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        InputStream in = protocol.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed; got " + head);
            }
            head.write(c);
        }
        int length = 0;
        String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
        for (String line : lines) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        return lines[0] + "\n" + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        try {
            protocol.close();
        } finally {
            socket.close();
        }
    }

    private static final class Client extends DefaultTlsClient {

        private final ProtocolVersion version;
        private final int suite;

        Client(ProtocolVersion version, int suite) {
            super(new BcTlsCrypto(new SecureRandom()));
            this.version = version;
            this.suite = suite;
        }

        org.bouncycastle.tls.TlsClientContext ctx() {
            return context;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return new ProtocolVersion[]{version};
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[]{suite};
        }

        @Override
        public TlsAuthentication getAuthentication() {
            // Default mode: phones accept whatever certificate the server shows.
            return new ServerOnlyTlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) {
                }
            };
        }
    }
}

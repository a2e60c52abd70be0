package org.deskfleet.simulator;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** Why an exchange or interaction failed; the runner counts failures by kind. */
public enum ErrorKind {
    /** TCP connection could not be opened. */
    CONNECT,
    /** TLS handshake or record failure. */
    TLS,
    /** No (complete) response in time. */
    TIMEOUT,
    /** The server closed or reset the connection before answering. */
    CONNECTION_CLOSED,
    /** HTTP status other than 200. */
    HTTP_STATUS,
    /** The response is not an acceptable HTTP message or {@code DLSMessage}. */
    BAD_RESPONSE,
    /** The service did not echo the phone's nonce (wpi-protocol §3.5). */
    NONCE_MISMATCH,
    /** The flow broke a rule: too many round trips, a session misuse. */
    PROTOCOL,
    /** Still {@code cleanup-reason=overload} after the allowed retries (wpi-protocol §7.12). */
    OVERLOAD,
    /** A bug on our side. */
    INTERNAL;

    /** Maps any failure (wrapped or not) to a kind. */
    public static ErrorKind of(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof SimulatorException s) {
            return s.kind();
        }
        if (t instanceof ConnectTimeoutException || t instanceof ConnectException
                || t instanceof NoRouteToHostException || t instanceof UnknownHostException) {
            return CONNECT;
        }
        if (t instanceof SSLException || t instanceof DecoderException && t.getCause() instanceof SSLException) {
            return TLS;
        }
        if (t instanceof TimeoutException) {
            return TIMEOUT;
        }
        if (t instanceof DecoderException) {
            return BAD_RESPONSE;
        }
        if (t instanceof IOException) {
            return CONNECTION_CLOSED;
        }
        return INTERNAL;
    }

    /** Strips the wrappers futures put around the real cause. */
    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}

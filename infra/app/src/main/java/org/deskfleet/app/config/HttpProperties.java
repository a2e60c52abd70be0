package org.deskfleet.app.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.util.List;

/**
 * Settings of the HTTP API's transport under {@code deskfleet.http.*} (GraphQL over HTTPS and WebSocket, GraphiQL).
 *
 * @param tlsNames                extra host names / addresses put in the generated certificate, beside
 *                                {@code deskfleet}, {@code localhost}, {@code 127.0.0.1}, this machine's name and
 *                                the bind address
 * @param allowedHosts            extra names the {@code Host} header may carry (DNS-rebinding guard); IP literals,
 *                                {@code localhost}, this machine's name and {@code tlsNames} are always allowed;
 *                                {@code *} switches the check off (behind a proxy that checks it)
 * @param maxBodySize             largest HTTP request body; larger ones are refused with 413 before any parsing
 * @param maxWebsocketMessageSize largest WebSocket text message; a larger one closes the connection (1009)
 */
@ConfigurationProperties("deskfleet.http")
public record HttpProperties(@DefaultValue List<String> tlsNames,
                             @DefaultValue List<String> allowedHosts,
                             @DefaultValue("4MB") DataSize maxBodySize,
                             @DefaultValue("64KB") DataSize maxWebsocketMessageSize) {
}

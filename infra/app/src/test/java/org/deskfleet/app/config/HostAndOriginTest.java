package org.deskfleet.app.config;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Host and Origin rules, spelling by spelling (the end-to-end test sends them over real sockets). */
class HostAndOriginTest {

    private static HostAndOrigin rules(List<String> allowedHosts, List<String> origins) {
        return HostAndOrigin.of(new HttpProperties(List.of("api.example"), allowedHosts, DataSize.ofMegabytes(4),
                DataSize.ofKilobytes(64)), origins, "");
    }

    @Test
    void ipLiteralsLocalhostAndConfiguredNamesAreServed() {
        HostAndOrigin r = rules(List.of("Ingress.Example"), List.of());
        assertThat(r.refusal("127.0.0.1:8080", null, "https")).isNull();
        assertThat(r.refusal("10.1.2.3", null, "https")).isNull();
        assertThat(r.refusal("[::1]:8080", null, "https")).isNull();
        assertThat(r.refusal("LOCALHOST:8080", null, "https")).isNull();
        assertThat(r.refusal("api.example:8443", null, "https")).isNull();
        assertThat(r.refusal("ingress.example", null, "https")).isNull();
    }

    @Test
    void otherHostNamesAndAMissingHostAreRefused() {
        HostAndOrigin r = rules(List.of(), List.of());
        assertThat(r.refusal("evil.example:8080", null, "https")).contains("host name 'evil.example'");
        assertThat(r.refusal("127.0.0.1.nip.io", null, "https")).contains("host name");
        assertThat(r.refusal("", null, "https")).isEqualTo("the request names no host");
        assertThat(rules(List.of("*"), List.of()).refusal("evil.example", null, "https")).isNull();
    }

    @Test
    void theOwnOriginInAnySpellingAndListedOriginsAreServed() {
        HostAndOrigin r = rules(List.of(), List.of("https://portal.example"));
        assertThat(r.refusal("127.0.0.1:8080", "https://127.0.0.1:8080", "https")).isNull();
        assertThat(r.refusal("localhost", "https://LOCALHOST:443", "https")).isNull();
        assertThat(r.refusal("localhost:8080", "https://portal.example", "https")).isNull();
        assertThat(r.refusal("localhost:8080", "https://portal.example:443", "https")).isNull();
    }

    @Test
    void foreignOriginsAreRefusedEvenOnTheSameHostWithAnotherSchemeOrPort() {
        HostAndOrigin r = rules(List.of(), List.of("https://portal.example"));
        assertThat(r.refusal("127.0.0.1:8080", "https://evil.example", "https")).contains("origin 'https://evil.example'");
        assertThat(r.refusal("127.0.0.1:8080", "http://127.0.0.1:8080", "https")).isNotNull();
        assertThat(r.refusal("127.0.0.1:8080", "https://127.0.0.1:9999", "https")).isNotNull();
        assertThat(r.refusal("127.0.0.1:8080", "null", "https")).isNotNull();
        assertThat(r.refusal("127.0.0.1:8080", "http://portal.example", "https")).isNotNull();
    }
}

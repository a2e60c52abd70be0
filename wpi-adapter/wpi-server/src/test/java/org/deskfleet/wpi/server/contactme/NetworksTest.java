package org.deskfleet.wpi.server.contactme;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworksTest {

    @Test
    void onlyAddressesInsideTheFenceAreAllowed() {
        List<String> fence = List.of("127.0.0.0/8", "10.40.0.0/16", "fd00::/8");
        assertThat(Networks.allows(List.of(), "192.0.2.1")).isTrue();
        assertThat(Networks.allows(fence, "127.1.2.3")).isTrue();
        assertThat(Networks.allows(fence, "10.40.255.1")).isTrue();
        assertThat(Networks.allows(fence, "10.41.0.1")).isFalse();
        assertThat(Networks.allows(fence, "[fd12::1]")).isTrue();
        assertThat(Networks.allows(fence, "phone.example")).isFalse(); // names are not resolved
        assertThat(Networks.allows(List.of("10.40.8.0/22"), "10.40.11.9")).isTrue();
        assertThat(Networks.allows(List.of("10.40.8.0/22"), "10.40.12.1")).isFalse();
        assertThatThrownBy(() -> Networks.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Networks.parse("example/8")).hasMessageContaining("not a network");
    }
}

package org.deskfleet.app.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ListenerBannerTest {

    @Test
    void theMongoUriIsLoggedWithoutItsCredentials() {
        assertThat(ListenerBanner.withoutCredentials("mongodb://deskfleet:s3cret@db1:27017,db2:27017/deskfleet?replicaSet=rs0"))
                .isEqualTo("mongodb://****@db1:27017,db2:27017/deskfleet?replicaSet=rs0")
                .doesNotContain("s3cret");
        assertThat(ListenerBanner.withoutCredentials("mongodb+srv://u:p%40ss@cluster.example/db")).isEqualTo("mongodb+srv://****@cluster.example/db");
        assertThat(ListenerBanner.withoutCredentials("mongodb://db1:27017/deskfleet")).isEqualTo("mongodb://db1:27017/deskfleet");
    }
}

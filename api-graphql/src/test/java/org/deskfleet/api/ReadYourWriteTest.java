package org.deskfleet.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ReadYourWriteTest {

    @Test
    void asksAgainUntilTheReadModelShowsTheChange() {
        AtomicInteger asked = new AtomicInteger();
        String seen = ReadYourWrite.await(() -> CompletableFuture.completedFuture(asked.incrementAndGet() < 3 ? null : "v" + asked.get()),
                v -> true, Duration.ofSeconds(5)).join();
        assertThat(seen).isEqualTo("v3");
        assertThat(asked).hasValue(3);
    }

    @Test
    void afterTheTimeoutAnswersWhatTheReadModelShowsThen() {
        AtomicInteger asked = new AtomicInteger();
        String seen = ReadYourWrite.await(() -> CompletableFuture.completedFuture("old" + asked.incrementAndGet()),
                v -> v.equals("never"), Duration.ofMillis(100)).join();
        assertThat(seen).startsWith("old");
        assertThat(asked.get()).isGreaterThan(1);
    }
}

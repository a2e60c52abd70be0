package org.deskfleet.wpi.server.log;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.helpers.MessageFormatter;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LogGuardTest {

    /** A logger that keeps what it would write. */
    private static Logger recording(List<String> lines) {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[]{Logger.class}, (p, m, a) -> {
            if (m.getName().startsWith("is")) {
                return true;
            }
            if (m.getName().equals("warn") && a.length == 2 && a[1] instanceof Object[] args) {
                lines.add(MessageFormatter.arrayFormat((String) a[0], args).getMessage());
            }
            return null;
        });
    }

    @Test
    void aFloodBecomesOneLinePerIntervalSayingHowManyWereLeftOut() {
        List<String> lines = new ArrayList<>();
        Logger log = recording(lines);
        long[] now = {0};
        LogGuard guard = new LogGuard(Duration.ofSeconds(10), () -> now[0]);
        for (int i = 0; i < 10_000; i++) {
            guard.warn(log, "rejected", "rejected WPI message from {}: {}", "10.6.6.6", "bad");
        }
        assertThat(lines).hasSize(1);
        now[0] += Duration.ofSeconds(11).toNanos();
        guard.warn(log, "rejected", "rejected WPI message from {}: {}", "10.6.6.6", "bad");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).endsWith("(9999 similar left out)");
    }

    @Test
    void valuesFromTheNetworkCannotForgeLinesOrFillTheLog() {
        String forged = "ok\n2026-12-03 INFO admin logged in\r\u001b[31m" + "x".repeat(16_000);
        String escaped = LogGuard.escape(forged);
        assertThat(escaped).doesNotContain("\n").doesNotContain("\r").doesNotContain("\u001b")
                .contains("\\n2026-12-03").contains("\\u001b");
        assertThat(escaped.length()).isLessThan(LogGuard.MAX_ARGUMENT + 40);
        assertThat(escaped).endsWith(")");
    }
}

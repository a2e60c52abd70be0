package org.deskfleet.app.e2e;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import org.deskfleet.simulator.SimulatedPhone;
import org.deskfleet.simulator.live.LiveFleet;
import org.deskfleet.simulator.live.LiveOptions;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A secret goes all the way to a phone through a configuration job; then it is looked for where it must
 * never be in clear: every log line written meanwhile, the scheduler's (JobRunr's) tables, and every file
 * under the data folder (keys, certificates, the embedded event store).
 */
class SecretsAtRestE2eTest extends JobSupport {

    private static final String SIP_PASSWORD = "telephony.sip-settings.sip-credentials-password";
    private static final String SECRET = "s3cret-AtRest-5512";

    @Autowired
    DataSource dataSource;
    @Autowired
    Environment environment;

    @Test
    void aDeliveredSecretIsInNoLogNoSchedulerTableAndNoFile() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        // Proof that the capture sees what is logged (other tests may have raised the root level meanwhile).
        LoggerFactory.getLogger("secrets-scan").warn("secrets scan capturing");
        try {
            List<SimulatedPhone> phones = SimulatedPhone.fleet(5512, 0, 1);
            try (LiveFleet fleet = LiveFleet.start(simulator, phones, LiveOptions.defaults())) {
                assertThat(fleet.startUpAll(1).registered()).isEqualTo(1);
                awaitProjectionsCaughtUp();
                String jobId = create("""
                        mutation($ids: [ID!], $v: String) { submitConfiguration(targets: {deviceIds: $ids},
                          changes: [{parameter: "%s", value: $v}]) { jobId } }
                        """.formatted(SIP_PASSWORD), Map.of("ids", macs(phones), "v", SECRET), "submitConfiguration");
                assertThat(awaitJobEnded(jobId).get("state").asText()).isEqualTo("SUCCESS");
                assertThat(phones.getFirst().value("sip-pwd")).as("the phone got the secret").contains(SECRET);
            }
        } finally {
            root.detachAppender(logs);
        }

        for (ILoggingEvent e : List.copyOf(logs.list)) {
            String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()));
            assertThat(line).as("log line of " + e.getLoggerName()).doesNotContain(SECRET);
        }
        assertThat(logs.list).as("log lines scanned").anyMatch(e -> e.getFormattedMessage().equals("secrets scan capturing"));

        List<String> tables = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             ResultSet t = c.createStatement().executeQuery(
                     "select table_name from information_schema.tables where lower(table_name) like 'jobrunr%'")) {
            while (t.next()) {
                tables.add(t.getString(1));
            }
            for (String table : tables) {
                try (ResultSet rows = c.createStatement().executeQuery("select * from " + table)) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        for (int i = 1; i <= columns; i++) {
                            assertThat(String.valueOf(rows.getString(i))).as(table).doesNotContain(SECRET);
                        }
                    }
                }
            }
        }
        assertThat(tables).as("JobRunr tables scanned").isNotEmpty();

        Path data = Path.of(environment.getRequiredProperty("deskfleet.data"));
        byte[] needle = SECRET.getBytes(StandardCharsets.UTF_8);
        byte[] utf16 = SECRET.getBytes(StandardCharsets.UTF_16LE);
        List<Path> files;
        try (var walk = Files.walk(data)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            byte[] content = Files.readAllBytes(f);
            assertThat(indexOf(content, needle) < 0 && indexOf(content, utf16) < 0).as("secret in clear in " + data.relativize(f)).isTrue();
        }
        assertThat(files).as("files scanned").anyMatch(f -> f.toString().endsWith(".key"));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

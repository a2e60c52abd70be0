package org.deskfleet.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The progress bar on a terminal and the short plain lines elsewhere. */
class JobProgressViewTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong clock = new AtomicLong();

    private static JsonNode update(String deviceId, String state, String detail, int total, int pending, int ok,
                                   int partial, int failed, int timedOut, int version) throws Exception {
        return JSON.readTree(FollowJobTest.update(deviceId, state, detail, total, pending, ok, partial, failed, timedOut, version));
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void drawsTheBarInPlaceOnATerminal() throws Exception {
        JobProgressView view = new JobProgressView(out, true, clock::get);
        view.accept(update(null, "ACTIVE", "now", 1000, 488, 480, 12, 3, 0, 1));
        assertThat(text()).isEqualTo("\r[##########----------] 512/1000  ok 480  partial 12  failed 3  timeout 0  ACTIVE");

        bytes.reset();
        clock.addAndGet(JobProgressView.REDRAW_NANOS / 2);
        view.accept(update("00:1a:e8:00:00:01", "SUCCESS", "done", 1000, 487, 481, 12, 3, 0, 2));
        assertThat(text()).as("throttled").isEmpty();
        view.tick();
        assertThat(text()).as("drawn by the next tick").isEqualTo("\r[##########----------] 513/1000  ok 481  partial 12  failed 3  timeout 0  ACTIVE");
        bytes.reset();
        view.tick();
        assertThat(text()).isEmpty();
        clock.addAndGet(JobProgressView.REDRAW_NANOS);
        view.accept(update("00:1a:e8:00:00:02", "SUCCESS", "done", 1000, 486, 482, 12, 3, 0, 3));
        assertThat(text()).isEqualTo("\r[##########----------] 514/1000  ok 482  partial 12  failed 3  timeout 0  ACTIVE");

        bytes.reset();
        view.accept(update(null, "SUCCESS", "completed", 1000, 0, 1000, 0, 0, 0, 9));
        assertThat(view.finished()).isZero();
        assertThat(text()).endsWith("\r[####################] 1000/1000  ok 1000  partial 0  failed 0  timeout 0  SUCCESS\n"
                + "job job-1 SUCCESS  1000 targets  ok 1000  partial 0  failed 0  timeout 0\n");
    }

    @Test
    void anUnchangedBarIsNotDrawnAgain() throws Exception {
        JobProgressView view = new JobProgressView(out, true, clock::get);
        view.accept(update(null, "ACTIVE", "now", 4, 4, 0, 0, 0, 0, 1));
        clock.addAndGet(JobProgressView.REDRAW_NANOS * 2);
        view.accept(update("00:1a:e8:00:00:01", "ACTIVE", "busy, tried again later", 4, 4, 0, 0, 0, 0, 2));
        assertThat(text().split("\r")).hasSize(2);
    }

    @Test
    void aShorterLineBlanksTheRestOfTheBar() throws Exception {
        JobProgressView view = new JobProgressView(out, true, clock::get);
        view.accept(update(null, "CREATED", "now", 1000, 1000, 0, 0, 0, 0, 1));
        view.accept(update(null, "ACTIVE", "started", 1000, 1000, 0, 0, 0, 0, 2));
        String[] draws = text().split("\r");
        assertThat(draws[2]).hasSize(draws[1].length() + 1).startsWith("ACTIVE: started ").endsWith(" \n");
        assertThat(draws[3]).isEqualTo("[--------------------] 0/1000  ok 0  partial 0  failed 0  timeout 0  ACTIVE");
    }

    @Test
    void printsJobLevelChangesAboveTheBar() throws Exception {
        JobProgressView view = new JobProgressView(out, true, clock::get);
        view.accept(update(null, "CREATED", "now", 4, 4, 0, 0, 0, 0, 1));
        view.accept(update(null, "ACTIVE", "started", 4, 4, 0, 0, 0, 0, 2));
        assertThat(text()).contains("\rACTIVE: started").contains("\n\r[--------------------] 0/4");
    }

    @Test
    void ignoresUpdatesOlderThanTheOneShown() throws Exception {
        JobProgressView view = new JobProgressView(out, false, clock::get);
        view.accept(update(null, "ACTIVE", "now", 4, 2, 2, 0, 0, 0, 5));
        view.accept(update("00:1a:e8:00:00:01", "SUCCESS", "done", 4, 3, 1, 0, 0, 0, 4));
        assertThat(text().lines()).hasSize(1);
    }

    @Test
    void plainOutputIsOneLinePerFivePercentAndPerJobChange() throws Exception {
        JobProgressView view = new JobProgressView(out, false, clock::get);
        int total = 1000;
        view.accept(update(null, "ACTIVE", "now", total, total, 0, 0, 0, 0, 0));
        for (int done = 1; done <= total; done++) {
            view.accept(update("00:1a:e8:00:00:01", "SUCCESS", "done", total, total - done, done, 0, 0, 0, done));
        }
        view.accept(update(null, "SUCCESS", "completed", total, 0, total, 0, 0, 0, total + 1));
        assertThat(view.finished()).isZero();
        var lines = text().lines().toList();
        assertThat(lines).hasSize(1 + 20 + 1 + 1);
        assertThat(lines).doesNotHaveDuplicates();
        assertThat(lines.get(10)).contains("ACTIVE  500/1000 (50%)  ok 500");
        assertThat(text()).doesNotContain("\r");
    }

    @Test
    void aJobWithoutTargetsIsAFullBarOnceDone() throws Exception {
        JobProgressView view = new JobProgressView(out, true, clock::get);
        view.accept(update(null, "SUCCESS", "now", 0, 0, 0, 0, 0, 0, 1));
        assertThat(view.finished()).isZero();
        assertThat(text()).contains("[####################] 0/0").contains("job job-1 SUCCESS  0 targets");
    }
}

package org.deskfleet.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.deskfleet.tools.cli.RebuildProjection;
import org.deskfleet.simulator.SimulatedPhone;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI starts a rebuild, follows its progress over GraphQL and waits for its end. */
class RebuildProgressE2eTest extends EndToEndSupport {

    @Test
    void theCliWaitsForTheEndAndReportsProgress() throws Exception {
        simulator.run(SimulatedPhone.fleet(202, 0, 5), 4);
        awaitProjectionsCaughtUp();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = rebuild("history-projection", new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("history-projection rebuilt:");
        JsonNode p = graphql.data("{ rebuildProgress(name: \"history-projection\") { running done total etaSeconds } }")
                .get("rebuildProgress");
        assertThat(p.get("running").asBoolean()).isFalse();
        assertThat(p.get("total").asLong()).isPositive();
        assertThat(p.get("done").asLong()).isEqualTo(p.get("total").asLong());
        assertThat(p.get("etaSeconds").asLong()).isZero();
    }

    @Test
    void helpAnswersAndUnknownOptionsAndProjectionsAreRefused() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);

        assertThat(RebuildProjection.run(new String[] {"--help"}, o, e)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: deskfleet rebuild");
        assertThat(RebuildProjection.run(new String[] {"--bogus"}, o, e)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option '--bogus'");
        assertThat(RebuildProjection.run(new String[] {"history-projection", "--cacert"}, o, e)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--cacert needs a value");
        assertThat(rebuild("nope", o, e)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown projection 'nope'");
    }

    /** As the command does once signed in (DESKFLEET_TOKEN or the terminal): over HTTPS, trusting the server's certificate. */
    private int rebuild(String projection, PrintStream out, PrintStream err) throws Exception {
        java.net.URI url = java.net.URI.create("https://127.0.0.1:" + httpPort + "/graphql");
        return RebuildProjection.rebuild(projection, org.deskfleet.tools.cli.ServerTrust.clientFor(url, null, data().toString()),
                url, graphql.token(), false, out, err);
    }
}

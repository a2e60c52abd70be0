package org.deskfleet.app.e2e;

import org.deskfleet.simulator.WpiResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies no phone should send, over the real TLS listener: each gets a clear HTTP error and leaves the
 * event store and the read model exactly as they were. Every body names a MAC, so a leak would show.
 */
class HostileInputE2eTest extends EndToEndSupport {

    private static final String MAC = "02:66:66:00:00:01";

    private static String startUp(String prolog, String itemValue) {
        return prolog + """
                <WorkpointMessage xmlns="http://www.siemens.com/DLS"><Message nonce="0A1B2C3D" maxItems="-1">
                <ReasonForContact>start-up</ReasonForContact><ItemList>
                <Item name="mac-addr">%s</Item><Item name="e164">4930</Item><Item name="device-type">%s</Item>
                </ItemList></Message></WorkpointMessage>""".formatted(MAC, itemValue);
    }

    static Stream<Arguments> hostileBodies() {
        String laughs = "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>";
        byte[] invalidUtf8 = startUp("", "OpenStage ##").getBytes(StandardCharsets.UTF_8);
        int at = new String(invalidUtf8, StandardCharsets.UTF_8).indexOf("##");
        invalidUtf8[at] = (byte) 0xC3;
        invalidUtf8[at + 1] = (byte) 0x28;
        return Stream.of(
                Arguments.of("XXE external entity", bytes(startUp(
                        "<!DOCTYPE WorkpointMessage [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>", "&xxe;")), 400),
                Arguments.of("entity expansion", bytes(startUp(laughs, "&lol3;")), 400),
                Arguments.of("over 50 kB", bytes(startUp("", "x".repeat(70_000))), 413),
                Arguments.of("invalid UTF-8", invalidUtf8, 400),
                Arguments.of("wrong root", bytes("<html><body>" + MAC + "</body></html>"), 400),
                Arguments.of("wrong namespace", bytes(startUp("", "OpenStage 40").replace("http://www.siemens.com/DLS", "urn:evil")), 400),
                Arguments.of("not XML", bytes("mac-addr=" + MAC), 400),
                Arguments.of("truncated", bytes(startUp("", "OpenStage 40").substring(0, 200)), 400),
                Arguments.of("deep nesting", bytes(startUp("", "OpenStage 40").replace("<ItemList>",
                        "<ItemList>" + "<x>".repeat(200) + "</x>".repeat(200))), 400),
                Arguments.of("empty body", new byte[0], 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileBodies")
    void isRejectedWithAClearErrorAndStoresNothing(String name, byte[] body, int expectedStatus) {
        long eventsBefore = eventsBesidesDeliveryRetries();
        awaitProjectionsCaughtUp(); // earlier registrations all in the read model before counting it
        long clientsBefore = graphql.data("{ clients { totalCount } }").get("clients").get("totalCount").asLong();

        WpiResponse response = wpiClient().post(body, null).join();

        assertThat(response.status()).as(name).isEqualTo(expectedStatus);
        assertThat(response.bodyText()).as(name).isNotBlank().doesNotContain("root:");
        assertThat(eventsBesidesDeliveryRetries()).as(name).isEqualTo(eventsBefore);
        assertThat(eventsOf(MAC)).as(name).isEmpty();
        assertThat(client(MAC).isNull()).as(name).isTrue();
        assertThat(graphql.data("{ clients { totalCount } }").get("clients").get("totalCount").asLong())
                .as(name).isEqualTo(clientsBefore);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

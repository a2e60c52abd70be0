package org.deskfleet.app.e2e;

import org.deskfleet.simulator.WpiResponse;
import org.deskfleet.simulator.WpiSession;
import org.deskfleet.wpi.codec.ServiceMessage;
import org.deskfleet.wpi.codec.WpiCodec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated hostile documents (10,000 per build, 100,000 in the full run) through the real listener: every one gets a clear answer
 * (HTTP 4xx, or CleanUp with a reason), the server never fails, and the event store does not change.
 */
class HostileCorpusE2eTest extends EndToEndSupport {

    /** 10,000 in every build; the full corpus (100,000) with {@code -Pfull-hostile-corpus} (see README). */
    private static final int DOCUMENTS = Integer.getInteger("deskfleet.hostile-corpus.documents", 10_000);
    private static final String VALID = """
            <?xml version="1.0" encoding="UTF-8"?>
            <WorkpointMessage xmlns="http://www.siemens.com/DLS"><Message nonce="5F1C0A7E93B24D6A" maxItems="-1">
            <ReasonForContact>start-up</ReasonForContact><ItemList>
            <Item name="device-type">OpenStage 40</Item><Item name="software-version">V3 R5.14.0</Item>
            <Item name="mac-addr">02:BA:D0:00:00:01</Item><Item name="e164">4930999</Item>
            <Item index="1" name="ldap-server-address">dir.example.test</Item>
            </ItemList></Message></WorkpointMessage>""";

    /** Each mutation keeps the document hostile: none can turn it into a valid registration. */
    private static final List<Function<SplittableRandom, byte[]>> MUTATIONS = List.of(
            r -> bytes(VALID.replace("<WorkpointMessage", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/hostname\">]><WorkpointMessage")
                    .replace("OpenStage 40", "&e;")),
            r -> bytes(VALID.replace("OpenStage 40", "&e" + r.nextInt(1000) + ";")),
            r -> bytes(VALID.substring(0, r.nextInt(VALID.length() - 30))),
            r -> {
                byte[] b = bytes(VALID);
                int at = VALID.indexOf("OpenStage");
                b[at + r.nextInt(5)] = (byte) (0x80 + r.nextInt(0x40));
                return b;
            },
            r -> bytes(VALID.replace("<ItemList>", "<ItemList>" + "<a>".repeat(20 + r.nextInt(200)))),
            r -> bytes(VALID.replace("WorkpointMessage", r.nextBoolean() ? "DLSMessage" : "html")),
            r -> bytes(VALID.replace("http://www.siemens.com/DLS", "urn:x-" + r.nextInt())),
            r -> bytes(VALID.replace("index=\"1\"", "index=\"" + (char) ('a' + r.nextInt(26)) + "\"")),
            r -> bytes(VALID.replace(" nonce=\"5F1C0A7E93B24D6A\"", r.nextBoolean() ? "" : " nonce=\"not-hex!\"")),
            r -> bytes(VALID.replace("<Item name=\"e164\">", "<Item name=\"e164\">" + "9".repeat(70_000))),
            r -> {
                byte[] b = new byte[1 + r.nextInt(2000)];
                r.nextBytes(b);
                return b;
            },
            r -> bytes(VALID.replace("</ItemList>", "<Item name=\"" + "bad name " + r.nextInt() + "\">x</Item></ItemList>")),
            r -> bytes(VALID.replace("<ReasonForContact>start-up</ReasonForContact>", "")),
            r -> bytes(VALID + "<trailing/>"),
            r -> bytes(VALID.replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<?xml version=\"1.1\"?>")
                    .replace("OpenStage 40", "&#1;")));

    @Test
    void hostileDocumentsStoreNothingAndNeverFailTheServer() {
        long eventsBefore = eventsBesidesDeliveryRetries();
        Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
        AtomicInteger cleanUpsWithReason = new AtomicInteger();
        List<String> unexpected = new ArrayList<>();
        int lanes = 4;
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int lane = 0; lane < lanes; lane++) {
            int first = lane;
            running.add(CompletableFuture.runAsync(() -> {
                SplittableRandom random = new SplittableRandom(1000 + first);
                try (WpiSession session = wpiClient().openSession()) {
                    for (int n = first; n < DOCUMENTS; n += lanes) {
                        byte[] body = MUTATIONS.get(n % MUTATIONS.size()).apply(random);
                        WpiResponse r = session.post(body, null).join();
                        byStatus.computeIfAbsent(r.status(), s -> new AtomicInteger()).incrementAndGet();
                        if (r.status() == 200) {
                            ServiceMessage m = read(r.body());
                            if (m.item("cleanup-reason").isPresent()) {
                                cleanUpsWithReason.incrementAndGet();
                            } else {
                                synchronized (unexpected) {
                                    unexpected.add("mutation " + (n % MUTATIONS.size()) + " got " + m.action());
                                }
                            }
                        } else if (r.status() >= 500 || r.bodyText().isBlank()) {
                            synchronized (unexpected) {
                                unexpected.add("mutation " + (n % MUTATIONS.size()) + " got HTTP " + r.status() + " " + r.bodyText());
                            }
                        }
                    }
                }
            }));
        }
        running.forEach(CompletableFuture::join);

        System.out.println("hostile corpus: " + DOCUMENTS + " documents, answers by HTTP status " + new TreeMap<>(byStatus)
                + ", CleanUp with reason " + cleanUpsWithReason.get());
        assertThat(unexpected).isEmpty();
        assertThat(byStatus.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(DOCUMENTS);
        assertThat(eventsBesidesDeliveryRetries()).isEqualTo(eventsBefore);
        assertThat(client("02:ba:d0:00:00:01").isNull()).isTrue();
    }

    private static ServiceMessage read(byte[] body) {
        try {
            return new WpiCodec().readServiceMessage(body);
        } catch (Exception e) {
            throw new AssertionError("answer is not a DLSMessage: " + new String(body, StandardCharsets.UTF_8), e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

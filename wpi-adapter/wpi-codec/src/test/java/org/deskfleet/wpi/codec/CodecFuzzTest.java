package org.deskfleet.wpi.codec;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing the reader: 13,500 hostile or mutated documents, each fed to both readers. The only acceptable
 * outcomes are a well-formed message or a {@link WpiDecodeException}; any other throwable (runtime exception,
 * stack overflow, out of memory) fails the property. Mutations are drawn by jqwik (so failures shrink to fewer
 * mutations), their positions and bytes come from a drawn seed (cheap, and still reproducible).
 */
class CodecFuzzTest {

    private static final WpiCodec CODEC = Wpi.CODEC;
    private static final Pattern NONCE = Pattern.compile("[0-9A-Fa-f]{1,64}");
    private static final Pattern ITEM_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,127}");
    private static final List<byte[]> SEEDS = seeds();

    /** Snippets an attacker or a broken client would put into a document. */
    private static final List<String> TOKENS = List.of(
            "<!DOCTYPE WorkpointMessage [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>",
            "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>",
            "<!ENTITY x \"y\">", "&xxe;", "&lol2;", "&amp;", "&lt;", "&#0;", "&#1;", "&#xD800;", "&#x1F600;", "&#65;", "&",
            "<![CDATA[", "]]>", "<![CDATA[<Item name=\"x\"/>]]>", "<!--", "-->", "<?pi data?>", "<?xml version=\"1.1\"?>",
            "<Item name=\"x\">", "</Item>", "<Item name=\"x\" index=\"-1\"/>", "<Item name=\"x\" index=\"1e9\"/>",
            "<Item/>", "<Item name=\"\"/>", "<ItemList>", "</ItemList>", "<Message nonce=\"AB\">", "</Message>",
            "<ReasonForContact>reply-to</ReasonForContact>", "<Action>CleanUp</Action>", "<Action>Cleanup</Action>",
            "xmlns=\"urn:evil\"", " xmlns:p=\"urn:p\" p:nonce=\"1\"", " nonce=\"zz\"", " nonce=\"AB\"", " maxItems=\"-7\"",
            " fragment=\"next\"", " status=\"busy\"", "<p:Message xmlns:p=\"http://www.siemens.com/DLS\" nonce=\"AB\">",
            "<html>", "</WorkpointMessage>", "</DLSMessage>", "<WorkpointMessage>", "<DLSMessage>", "\u0000", "\uFEFF",
            "\r\n", "\t", " ", "\"", "'", "<", ">", "/>", "=", "\u00e4", "\u20ac", "\uD83D\uDE00");

    private static final byte[][] BAD_BYTES = {
            {(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xFE, (byte) 0xFF}, {(byte) 0xC0, (byte) 0xBC},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0xE2, (byte) 0x82}, {0}, {(byte) 0x80}};

    enum Mutation {
        FLIP_BITS, OVERWRITE_BYTES, TRUNCATE, DELETE_RANGE, DUPLICATE_RANGE, INSERT_RANDOM_BYTES, INSERT_BAD_UTF8,
        INSERT_TOKEN, WRAP_IN_DEEP_NESTING, ITEM_FLOOD, SWAP_QUOTES_AND_BRACKETS
    }

    record Case(int seedDoc, List<Mutation> mutations, long seed) {
    }

    @Property(tries = 10_000, shrinking = ShrinkingMode.BOUNDED)
    void mutatedDocumentsNeverEscapeAsAnythingButWpiDecodeException(@ForAll("mutatedCases") Case c) {
        byte[] doc = mutate(SEEDS.get(c.seedDoc()), c.mutations(), new SplittableRandom(c.seed()));
        readBoth(doc);
        Statistics.label("mutations").collect(c.mutations().size());
        // Checked once after all tries: the fuzzer must reach the success path and the deeper refusals,
        // not only bounce off the first check.
        Statistics.label("phone").coverage(cov -> {
            cov.check("ok").count(n -> n > 0);
            for (String p : List.of("MALFORMED", "INVALID_ENCODING", "DTD_FORBIDDEN", "TOO_DEEP", "TOO_LARGE", "WRONG_ROOT")) {
                cov.check(p).count(n -> n > 0);
            }
        });
        Statistics.label("service").coverage(cov -> cov.check("ok").count(n -> n > 0));
    }

    @Property(tries = 2_000, shrinking = ShrinkingMode.BOUNDED)
    void constructedHostileDocuments(@ForAll("hostileDocuments") String doc) {
        readBoth(doc.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 1_500, shrinking = ShrinkingMode.BOUNDED)
    void randomBytes(@ForAll("randomBodies") byte[] body) {
        readBoth(body);
    }

    // ---------------------------------------------------------------- outcome check

    /** Reads the document both ways, collecting outcomes. Any throwable but WpiDecodeException fails the try. */
    private static void readBoth(byte[] doc) {
        String phone;
        try {
            assertSound(CODEC.readPhoneMessage(doc));
            phone = "ok";
        } catch (WpiDecodeException e) {
            phone = refusal(e);
        }
        String service;
        try {
            ServiceMessage s = CODEC.readServiceMessage(doc);
            assertThat(s.nonce()).matches(NONCE);
            assertThat(s.action()).isNotNull();
            assertSound(s.items());
            service = "ok";
        } catch (WpiDecodeException e) {
            service = refusal(e);
        }
        Statistics.label("phone").collect(phone);
        Statistics.label("service").collect(service);
    }

    private static String refusal(WpiDecodeException e) {
        assertThat(e.problem()).isNotNull();
        assertThat(e.getMessage()).isNotBlank();
        return e.problem().name();
    }

    private static void assertSound(PhoneMessage m) {
        assertThat(m.nonce()).matches(NONCE);
        assertThat(m.reason()).isNotNull();
        assertThat(m.fragment()).isNotNull();
        assertThat(m.rawReason()).isNotNull();
        assertThat(m.maxItems()).isGreaterThanOrEqualTo(-1).isNotZero();
        assertSound(m.items());
    }

    private static void assertSound(List<WpiItem> items) {
        assertThat(items.size()).isLessThanOrEqualTo(WpiLimits.DEFAULT.maxItems());
        for (WpiItem i : items) {
            assertThat(i.name()).matches(ITEM_NAME);
            assertThat(i.index() == null || i.index() >= 0).isTrue();
            assertThat(i.value()).isNotNull().hasSizeLessThanOrEqualTo(WpiLimits.DEFAULT.maxValueChars());
        }
    }

    // ---------------------------------------------------------------- generators

    @Provide
    Arbitrary<Case> mutatedCases() {
        return Combinators.combine(
                Arbitraries.integers().between(0, SEEDS.size() - 1),
                Arbitraries.of(Mutation.class).list().ofMinSize(1).ofMaxSize(4),
                Arbitraries.longs()).as(Case::new);
    }

    @Provide
    Arbitrary<String> hostileDocuments() {
        Arbitrary<String> root = Arbitraries.of("WorkpointMessage", "DLSMessage", "DlsMessage", "html", "Message");
        Arbitrary<String> ns = Arbitraries.of("", " xmlns=\"http://www.siemens.com/DLS\"", " xmlns=\"urn:evil\"",
                " xmlns:d=\"http://www.siemens.com/DLS\"");
        Arbitrary<String> prolog = Arbitraries.of("", "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
                "<?xml version=\"1.1\"?>", "<!DOCTYPE r SYSTEM \"http://attacker.example/x.dtd\">",
                "<!DOCTYPE r [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>", "\uFEFF", "<!-- c -->");
        Arbitrary<String> nonce = Arbitraries.of("5F1C0A7E", "", "zz", "&e;", "A".repeat(65), " ab ", "&#65;");
        Arbitrary<String> item = Combinators.combine(
                Arbitraries.of("mac-addr", "", "a b", "x".repeat(130), "&e;", "Canonical-lookup-local-code"),
                Arbitraries.of("", " index=\"1\"", " index=\"-3\"", " index=\"x\"", " index=\"99999999999\""),
                Arbitraries.of("", " status=\"failed\"", " status=\"&e;\""),
                Arbitraries.of("", "value", "&e;", "&lt;&amp;", "<![CDATA[<x>]]>", "<nested><deeper/></nested>", "&#1;"))
                .as((n, i, s, v) -> "<Item name=\"" + n + "\"" + i + s + ">" + v + "</Item>");
        Arbitrary<String> itemList = item.list().ofMaxSize(6).map(l -> "<ItemList>" + String.join("", l) + "</ItemList>");
        Arbitrary<String> body = Combinators.combine(
                Arbitraries.of("<ReasonForContact>start-up</ReasonForContact>",
                        "<ReasonForContact action=\"WriteItems\" status=\"busy\">reply-to</ReasonForContact>",
                        "<Action>CleanUp</Action>", "<Action>Cleanup</Action>", "", "<ReasonForContact/>"),
                Arbitraries.oneOf(itemList, Arbitraries.just("")),
                // Mostly shallow, so that some documents get past the depth limit to the checks behind it.
                Arbitraries.oneOf(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(3, 40)))
                .as((reason, items, depth) -> "<x>".repeat(depth) + "</x>".repeat(depth) + reason + items);
        return Combinators.combine(prolog, root, ns, nonce, body, Arbitraries.of("", "trailing", "<again/>", "&e;"))
                .as((p, r, n, no, b, tail) -> p + "<" + r + n + "><Message nonce=\"" + no + "\">" + b + "</Message></" + r + ">"
                        + tail);
    }

    @Provide
    Arbitrary<byte[]> randomBodies() {
        // Bulk random bytes from a seed: drawing thousands of single bytes through jqwik would be slow.
        return Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(0, 2_000), Arbitraries.of(0, 1, 2))
                .as((seed, length, kind) -> {
                    SplittableRandom rnd = new SplittableRandom(seed);
                    byte[] b = new byte[length];
                    if (kind == 0) {
                        rnd.nextBytes(b);
                    } else {
                        // Markup-heavy noise reaches deeper into the parser than uniform bytes do.
                        String alphabet = kind == 1 ? "<>/=\"' ?!-[]&;#xX:abcMIRL\n" : "<a></a>&lt;<!--?-->";
                        for (int i = 0; i < length; i++) {
                            b[i] = (byte) alphabet.charAt(rnd.nextInt(alphabet.length()));
                        }
                    }
                    return b;
                });
    }

    // ---------------------------------------------------------------- mutation

    static byte[] mutate(byte[] original, List<Mutation> mutations, SplittableRandom rnd) {
        byte[] doc = original;
        for (Mutation m : mutations) {
            doc = apply(doc, m, rnd);
        }
        return doc;
    }

    private static byte[] apply(byte[] doc, Mutation m, SplittableRandom rnd) {
        int len = doc.length;
        int at = len == 0 ? 0 : rnd.nextInt(len + 1);
        switch (m) {
            case FLIP_BITS -> {
                // Mostly the low seven bits: ASCII stays ASCII, so the flip reaches the XML parser instead of
                // stopping at the UTF-8 check every time.
                byte[] out = doc.clone();
                int bits = rnd.nextInt(4) == 0 ? 8 : 7;
                for (int i = 0, n = 1 + rnd.nextInt(8); i < n && len > 0; i++) {
                    out[rnd.nextInt(len)] ^= (byte) (1 << rnd.nextInt(bits));
                }
                return out;
            }
            case OVERWRITE_BYTES -> {
                byte[] out = doc.clone();
                int range = rnd.nextInt(4) == 0 ? 256 : 128;
                for (int i = 0, n = 1 + rnd.nextInt(16); i < n && len > 0; i++) {
                    out[rnd.nextInt(len)] = (byte) rnd.nextInt(range);
                }
                return out;
            }
            case TRUNCATE -> {
                return Arrays.copyOf(doc, at);
            }
            case DELETE_RANGE -> {
                int end = Math.min(len, at + rnd.nextInt(64));
                return splice(doc, at, end, new byte[0]);
            }
            case DUPLICATE_RANGE -> {
                int from = len == 0 ? 0 : rnd.nextInt(len);
                int to = Math.min(len, from + rnd.nextInt(200));
                return splice(doc, at, at, Arrays.copyOfRange(doc, from, to));
            }
            case INSERT_RANDOM_BYTES -> {
                byte[] noise = new byte[1 + rnd.nextInt(32)];
                rnd.nextBytes(noise);
                return splice(doc, at, at, noise);
            }
            case INSERT_BAD_UTF8 -> {
                return splice(doc, at, at, BAD_BYTES[rnd.nextInt(BAD_BYTES.length)]);
            }
            case INSERT_TOKEN -> {
                return splice(doc, at, at, TOKENS.get(rnd.nextInt(TOKENS.size())).getBytes(StandardCharsets.UTF_8));
            }
            case WRAP_IN_DEEP_NESTING -> {
                int depth = 1 + rnd.nextInt(rnd.nextBoolean() ? 10 : 300);
                String name = rnd.nextBoolean() ? "d" : "Item";
                byte[] open = ("<" + name + ">").repeat(depth).getBytes(StandardCharsets.US_ASCII);
                byte[] close = ("</" + name + ">").repeat(depth).getBytes(StandardCharsets.US_ASCII);
                int end = at + (len - at == 0 ? 0 : rnd.nextInt(len - at + 1));
                byte[] withOpen = splice(doc, at, at, open);
                return splice(withOpen, end + open.length, end + open.length, close);
            }
            case ITEM_FLOOD -> {
                int n = rnd.nextInt(rnd.nextBoolean() ? 50 : 5_000);
                return splice(doc, at, at, "<Item name=\"f\"/>".repeat(n).getBytes(StandardCharsets.US_ASCII));
            }
            case SWAP_QUOTES_AND_BRACKETS -> {
                byte[] out = doc.clone();
                byte[] swaps = {'<', '>', '"', '\'', '/', '='};
                for (int i = 0, n = 1 + rnd.nextInt(4); i < n && len > 0; i++) {
                    out[rnd.nextInt(len)] = swaps[rnd.nextInt(swaps.length)];
                }
                return out;
            }
            default -> throw new IllegalStateException(m.name());
        }
    }

    private static byte[] splice(byte[] doc, int from, int to, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(doc.length + insert.length);
        out.write(doc, 0, from);
        out.writeBytes(insert);
        out.write(doc, to, doc.length - to);
        return out.toByteArray();
    }

    /** The 39 examples plus documents the codec wrote itself (the writer's exact byte form). */
    private static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        for (String name : Wpi.exampleNames()) {
            seeds.add(Wpi.example(name));
        }
        seeds.add(CODEC.writePhoneMessage(PhoneMessage.replyTo("AB", Action.READ_ITEMS, ReplyStatus.ACCEPTED,
                List.of(WpiItem.indexed("ldap-server-address", 2, "a<b>&c"), new WpiItem("x", null, "", "unknown item")))));
        seeds.add(CODEC.writeServiceMessage(ServiceMessage.cleanUp("0123456789abcdef", "overload")));
        return List.copyOf(seeds);
    }
}

package org.deskfleet.wpi.codec;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Any message the writer accepts comes out schema-valid and reads back as the same record. */
class WriteReadPropertyTest {

    private static final WpiCodec CODEC = Wpi.CODEC;
    private static final List<String> ITEM_STATUSES = List.of("failed", "unknown item", "read only", "invalid index",
            "unexpected item", "not supported", "invalid data", "undefined status");

    @Property(tries = 1_000)
    void phoneMessages(@ForAll("phoneMessages") PhoneMessage m) throws WpiDecodeException {
        byte[] doc = CODEC.writePhoneMessage(m);
        assertThat(Wpi.schemaErrors(Wpi.phoneSchema(), doc)).isEmpty();
        assertThat(CODEC.readPhoneMessage(doc)).isEqualTo(asRead(m));
    }

    @Property(tries = 1_000)
    void serviceMessages(@ForAll("serviceMessages") ServiceMessage m) throws WpiDecodeException {
        byte[] doc = CODEC.writeServiceMessage(m);
        assertThat(Wpi.schemaErrors(Wpi.serviceSchema(), doc)).isEmpty();
        assertThat(CODEC.readServiceMessage(doc)).isEqualTo(new ServiceMessage(m.nonce(), m.action(),
                m.items().stream().map(WriteReadPropertyTest::asRead).toList()));
    }

    /** The one intended difference: a value with line breaks is read back trimmed (guide examples wrap values). */
    private static PhoneMessage asRead(PhoneMessage m) {
        return new PhoneMessage(m.nonce(), m.maxItems(), m.fragment(), m.reason(), m.rawReason(), m.replyAction(),
                m.replyStatus(), m.items().stream().map(WriteReadPropertyTest::asRead).toList());
    }

    private static WpiItem asRead(WpiItem i) {
        String v = i.value();
        return new WpiItem(i.name(), i.index(), v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0 ? v.strip() : v, i.status());
    }

    @Provide
    Arbitrary<PhoneMessage> phoneMessages() {
        Arbitrary<Reason> reasons = Arbitraries.of(Reason.class).filter(r -> r != Reason.UNKNOWN);
        Arbitrary<String> actions = Arbitraries.of(Action.class).map(Action::wire).injectNull(0.3);
        Arbitrary<ReplyStatus> statuses = Arbitraries.of(ReplyStatus.class).injectNull(0.3);
        Arbitrary<Integer> maxItems = Arbitraries.oneOf(Arbitraries.just(-1), Arbitraries.integers().between(1, 10_000));
        Arbitrary<WpiItem> item = Combinators.combine(names(), indices(), values(),
                Arbitraries.of(ITEM_STATUSES).injectNull(0.7)).as(WpiItem::new);
        return Combinators.combine(nonces(), maxItems, Arbitraries.of(Fragment.class), reasons, actions, statuses,
                        item.list().ofMaxSize(8))
                .as((nonce, max, fragment, reason, action, status, items) -> new PhoneMessage(nonce, max, fragment, reason,
                        null, action, status, status == ReplyStatus.BUSY ? List.of() : items));
    }

    @Provide
    Arbitrary<ServiceMessage> serviceMessages() {
        Arbitrary<WpiItem> item = Combinators.combine(names(), indices(), values()).as((n, i, v) -> new WpiItem(n, i, v, null));
        return Combinators.combine(nonces(), Arbitraries.of(Action.class), item.list().ofMaxSize(8)).as(ServiceMessage::new);
    }

    private static Arbitrary<String> nonces() {
        return Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofMinLength(1).ofMaxLength(64);
    }

    private static Arbitrary<String> names() {
        Arbitrary<String> first = Arbitraries.strings().alpha().numeric().ofLength(1);
        Arbitrary<String> rest = Arbitraries.strings().alpha().numeric().withChars("-_.").ofMaxLength(40);
        return Combinators.combine(first, rest).as(String::concat);
    }

    private static Arbitrary<Integer> indices() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).injectNull(0.5);
    }

    private static Arbitrary<String> values() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange(' ', '\uD7FF').withChars('\t', '\n', '\r')
                .withCharRange('\uE000', '\uFFFD').ofMaxLength(60);
        Arbitrary<String> markup = Arbitraries.strings().withChars("<>&\"' ]]!-;#x").ofMaxLength(20);
        Arbitrary<String> emoji = Arbitraries.of("😀", "𝄞 clef", "a😀b");
        return Arbitraries.oneOf(text, markup, emoji, Arbitraries.just(""));
    }
}

package org.deskfleet.kernel;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceIdTest {

    @Test
    void normalisesEverySpellingToLowerCaseColonForm() {
        assertThat(DeviceId.parse("00:1A:E8:3B:77:0C").value()).isEqualTo("00:1a:e8:3b:77:0c");
        assertThat(DeviceId.parse("00-1a-e8-3b-77-0c").value()).isEqualTo("00:1a:e8:3b:77:0c");
        assertThat(DeviceId.parse(" 001AE83B770C ").value()).isEqualTo("00:1a:e8:3b:77:0c");
        assertThat(DeviceId.parse("001a.e83b.770c").value()).isEqualTo("00:1a:e8:3b:77:0c");
    }

    @Test
    void rejectsWhatIsNoMac() {
        assertThatThrownBy(() -> DeviceId.parse("00:1A:E8:3B:77")).hasMessageContaining("not a MAC");
        assertThatThrownBy(() -> DeviceId.parse("zz:1A:E8:3B:77:0C")).hasMessageContaining("not a MAC");
        assertThatThrownBy(() -> DeviceId.parse(null)).hasMessageContaining("missing");
        assertThatThrownBy(() -> new DeviceId("00:1A:E8:3B:77:0C")).hasMessageContaining("00:1a:e8");
    }

    @Property(tries = 300)
    void parsingIsIdempotent(@ForAll @StringLength(12) String any) {
        if (DeviceId.isValid(any)) {
            DeviceId id = DeviceId.parse(any);
            assertThat(DeviceId.parse(id.value())).isEqualTo(id);
        }
    }

    /** The former regular-expression parser: the hand-written one must accept and produce exactly the same. */
    private static String reference(String raw) {
        String hex = raw.strip().toLowerCase(java.util.Locale.ROOT).replaceAll("[:.\\-]", "");
        if (hex.length() != 12 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return null;
        }
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < 12; i += 2) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(hex, i, i + 2);
        }
        return sb.toString().matches("([0-9a-f]{2}:){5}[0-9a-f]{2}") ? sb.toString() : null;
    }

    @Property(tries = 3000)
    void acceptsExactlyWhatTheRegularExpressionsAccepted(
            @ForAll @net.jqwik.api.constraints.Chars({'0', '9', 'a', 'f', 'A', 'F', 'g', 'G', ':', '.', '-', ' ', '\t', '\u0663', '\uff41', '\u212a'})
            @net.jqwik.api.constraints.NumericChars @StringLength(min = 10, max = 20) String raw) {
        String expected = reference(raw);
        assertThat(DeviceId.isValid(raw)).as(raw).isEqualTo(expected != null);
        if (expected != null) {
            assertThat(DeviceId.parse(raw).value()).isEqualTo(expected);
        }
    }

    @Property(tries = 1000)
    void acceptsExactlyWhatTheRegularExpressionsAcceptedForAnyText(@ForAll @StringLength(max = 24) String raw) {
        String expected = reference(raw);
        assertThat(DeviceId.isValid(raw)).as(raw).isEqualTo(expected != null);
    }

    @Test
    void separatorsAnywhereAndNonAsciiDigits() {
        assertThat(DeviceId.parse("0-0:1a.e83b:77-0c").value()).isEqualTo("00:1a:e8:3b:77:0c");
        assertThat(DeviceId.isValid("00:1a:e8:3b:77:0c:")).isTrue();
        assertThat(DeviceId.isValid("00:1a:e8:3b:77:0c0")).isFalse();
        assertThat(DeviceId.isValid("00:1a:e8:3b:77:\u0663c")).isFalse();
        assertThat(DeviceId.isValid("")).isFalse();
        assertThat(DeviceId.isValid(null)).isFalse();
        assertThat(new DeviceId("00:1a:e8:3b:77:0c").value()).isEqualTo("00:1a:e8:3b:77:0c");
        assertThatThrownBy(() -> new DeviceId("00:1a:e8:3b:77-0c")).hasMessageContaining("must be a MAC");
        assertThatThrownBy(() -> new DeviceId(null)).hasMessageContaining("must be a MAC");
    }

    @Test
    void e164KeepsOneToFifteenDigits() {
        assertThat(E164.parse("+49 89 1234-0077").value()).isEqualTo("498912340077");
        assertThat(E164.tryParse("")).isEmpty();
        assertThat(E164.tryParse("1234567890123456")).isEmpty();
        assertThat(E164.tryParse("12a")).isEmpty();
        assertThatThrownBy(() -> new E164("")).hasMessageContaining("1 to 15 digits");
    }
}

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

    @Test
    void e164KeepsOneToFifteenDigits() {
        assertThat(E164.parse("+49 89 1234-0077").value()).isEqualTo("498912340077");
        assertThat(E164.tryParse("")).isEmpty();
        assertThat(E164.tryParse("1234567890123456")).isEmpty();
        assertThat(E164.tryParse("12a")).isEmpty();
        assertThatThrownBy(() -> new E164("")).hasMessageContaining("1 to 15 digits");
    }
}

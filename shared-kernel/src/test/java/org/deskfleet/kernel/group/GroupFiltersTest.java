package org.deskfleet.kernel.group;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupFiltersTest {

    private static GroupFilters ip(String range) {
        return new GroupFilters(null, range, null, null);
    }

    @Test
    void addressesCidrBlocksAndRangesMatchByTheLibrary() {
        assertThat(ip("10.1.0.0/16").matches(null, "10.1.255.7", null, null)).isTrue();
        assertThat(ip("10.1.0.0/16").matches(null, "10.2.0.1", null, null)).isFalse();
        assertThat(ip("10.1.0.10-10.1.0.99").matches(null, "10.1.0.99", null, null)).isTrue();
        assertThat(ip("10.1.0.10-10.1.0.99").matches(null, "10.1.0.100", null, null)).isFalse();
        assertThat(ip("10.1.0.5").matches(null, "10.1.0.5", null, null)).isTrue();
        assertThat(ip("2001:db8::/32").matches(null, "2001:db8::1", null, null)).isTrue();
        assertThat(ip("2001:db8::/32").matches(null, "10.1.0.5", null, null)).isFalse();
        assertThat(ip("10.1.0.0/16").matches(null, null, null, null)).isFalse();
        assertThat(ip("10.1.0.0/16").matches(null, "not an address", null, null)).isFalse();
    }

    @Test
    void invalidRangesAndPatternsAreRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> ip("10.1.0.300/16")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10.1.0.300/16");
        assertThatThrownBy(() -> ip("10.1.0.0/40")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ip("10.1.0.99-10.1.0.10")).hasMessageContaining("ends before it starts");
        assertThatThrownBy(() -> ip("10.1.0.1-2001:db8::1")).hasMessageContaining("mixes IPv4 and IPv6");
        assertThatThrownBy(() -> new GroupFilters("49(89)*", null, null, null)).hasMessageContaining("E164 pattern");
        assertThatThrownBy(() -> new GroupFilters("49+89", null, null, null)).hasMessageContaining("E164 pattern");
    }

    @Test
    void everyGivenFilterMustMatchAndNoFilterMeansNoMembers() {
        GroupFilters f = new GroupFilters("+4989*", "10.0.0.0/8", List.of("OpenStage 60"), "DLS.example");
        assertThat(f.matches("498912345", "10.9.9.9", "OpenStage 60", "dls.example")).isTrue();
        assertThat(f.matches("+498912345", "10.9.9.9", "OpenStage 60", "dls.example")).isTrue();
        assertThat(f.matches("493012345", "10.9.9.9", "OpenStage 60", "dls.example")).isFalse();
        assertThat(f.matches("498912345", "10.9.9.9", "OpenStage 40", "dls.example")).isFalse();
        assertThat(f.matches("498912345", "10.9.9.9", "OpenStage 60", "other")).isFalse();
        assertThat(new GroupFilters("49?9", null, null, null).matches("4989", null, null, null)).isTrue();
        assertThat(new GroupFilters("49?9", null, null, null).matches("49889", null, null, null)).isFalse();
        assertThat(new GroupFilters(" ", "", List.of(), null).isEmpty()).isTrue();
        assertThat(new GroupFilters(null, null, null, null).matches("1", "10.0.0.1", "x", "y")).isFalse();
    }
}

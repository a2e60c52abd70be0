package org.deskfleet.wpi.server.interaction;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FirmwareBoundsTest {

    @Test
    void anAbsurdVersionIsAnUnknownOneNotAnError() {
        assertThat(Firmware.of("OpenStage 40", "V" + "9".repeat(40) + " R5.14.0")).isEqualTo(new Firmware("OpenStage 40", 0, 0));
        assertThat(Firmware.of("OpenStage 40", "V3 R" + "9".repeat(40))).isEqualTo(new Firmware("OpenStage 40", 0, 0));
        assertThat(Firmware.of("OpenStage 40", "9".repeat(12) + ".1.0")).isEqualTo(new Firmware("OpenStage 40", 0, 0));
        assertThat(Firmware.of("OpenStage 40", "V3 R5.14.0")).isEqualTo(new Firmware("OpenStage 40", 3, 5));
        assertThat(Firmware.of("OpenStage 40", "3.5.14.0")).isEqualTo(new Firmware("OpenStage 40", 3, 5));
    }
}

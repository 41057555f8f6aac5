package dev.myelin.authservice.delegation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GoDurationTest {
    @Test
    void format_matchesGosDurationString() {
        assertThat(GoDuration.format(0)).isEqualTo("0s");
        assertThat(GoDuration.format(1)).isEqualTo("1ns");
        assertThat(GoDuration.format(1_100)).isEqualTo("1.1µs");
        assertThat(GoDuration.format(2_200_000)).isEqualTo("2.2ms");
        assertThat(GoDuration.format(3_300_000_000L)).isEqualTo("3.3s");
        assertThat(GoDuration.format(4 * 60_000_000_000L + 5_000_000_000L)).isEqualTo("4m5s");
        assertThat(GoDuration.format(5 * 3_600_000_000_000L + 6 * 60_000_000_000L + 7_001_000_000L))
                .isEqualTo("5h6m7.001s");
        assertThat(GoDuration.format(3_600_000_000_000L)).isEqualTo("1h0m0s");
        assertThat(GoDuration.format(-1_500_000_000L)).isEqualTo("-1.5s");
        assertThat(GoDuration.format(Long.MIN_VALUE)).isEqualTo("-2562047h47m16.854775808s");
        assertThat(GoDuration.format(Long.MAX_VALUE)).isEqualTo("2562047h47m16.854775807s");
    }

    @Test
    void fromMillis_wrapsAsGosInt64() {
        assertThat(GoDuration.fromMillis(8000)).isEqualTo(8_000_000_000L);
        assertThat(GoDuration.fromMillis(9_223_372_036_855L)).isEqualTo(-9_223_372_036_854_551_616L);
        assertThat(GoDuration.fromMillis(1L << 58)).isZero();
    }

    @Test
    void jobParams_delayThatWrapsNegative_failsWithUpstreamsMessage() {
        var key = new JobKey("room", "identity");
        assertThatThrownBy(() -> JobParams.of("hs", "syd_1", 9_223_372_036_855L, key))
                .isInstanceOf(JobParams.InvalidDelayException.class)
                .hasMessage("invalid delay timeout for delayed event job: -2562047h47m16.854551616s");
        assertThatThrownBy(() -> JobParams.of("hs", "syd_1", 1L << 58, key))
                .hasMessage("invalid delay timeout for delayed event job: 0s");
        assertThat(JobParams.of("hs", "syd_1", 8000, key).delayTimeoutNs()).isEqualTo(8_000_000_000L);
    }
}

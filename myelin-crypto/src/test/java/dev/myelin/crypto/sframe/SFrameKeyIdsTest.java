package dev.myelin.crypto.sframe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SFrameKeyIdsTest {
    @Test
    void mls_rfcExample_isThreeE() {
        // RFC 9605 section 5.2: E = 4, S = 6, epoch 14, index 3
        assertThat(SFrameKeyIds.mls(0, 3, 14, 6, 4)).isEqualTo(0x3e);
    }

    @Test
    void mls_epochWrapsToItsLowBits() {
        assertThat(SFrameKeyIds.mls(1, 3, 30, 6, 4)).isEqualTo(1L << 10 | 3 << 4 | 14);
    }

    @Test
    void senderKey_stepWrapsToRatchetBits() {
        assertThat(SFrameKeyIds.senderKey(5, 17, 4)).isEqualTo(5 << 4 | 1);
    }

    @Test
    void mls_indexTooLargeForItsBits_isRefused() {
        assertThatThrownBy(() -> SFrameKeyIds.mls(0, 64, 0, 6, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}

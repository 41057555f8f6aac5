package dev.myelin.crypto.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.crypto.SecretBytes;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LiveKitKeyRingTest {
    private static final LiveKitKeyMaterial KEY = LiveKitKeyMaterial.fromRawKey(SecretBytes.copyOf(new byte[16]));

    @Test
    void setKey_indexBeyondTheRing_storesModuloAndMakesItCurrent() {
        LiveKitKeyRing ring = LiveKitKeyRing.create(LiveKitKeyOptions.LIBRARY_DEFAULTS); // 16 slots

        ring.setKey(17, KEY);

        assertThat(ring.currentKeyIndex()).isEqualTo(1);
        assertThat(ring.hasKey(1)).isTrue();
        assertThat(ring.hasKey(17)).isFalse();
    }

    @Test
    void setKey_withoutMakingItCurrent_keepsTheCurrentIndex() {
        LiveKitKeyRing ring = LiveKitKeyRing.create(LiveKitKeyOptions.ELEMENT_CALL);
        ring.setKey(4, KEY);

        ring.setKey(5, KEY, false);

        assertThat(ring.currentKeyIndex()).isEqualTo(4);
        assertThat(ring.hasKey(5)).isTrue();
    }

    @Test
    void ratchetKey_storesTheNextMaterialAndMakesItsIndexCurrent() {
        LiveKitKeyRing ring = LiveKitKeyRing.create(LiveKitKeyOptions.ELEMENT_CALL);
        ring.setKey(2, KEY);
        ring.setKey(3, KEY);

        Optional<LiveKitKeyMaterial> next = ring.ratchetKey(2);

        assertThat(next).hasValueSatisfying(material ->
                assertThat(material.bytes()).isEqualTo(KEY.ratchet(LiveKitKeyOptions.DEFAULT_RATCHET_SALT).bytes()));
        assertThat(ring.currentKeyIndex()).isEqualTo(2);
        assertThat(ring.ratchetKey(9)).isEmpty();
    }

    @Test
    void options_outOfRange_areRefusedWithTheValue() {
        assertThatThrownBy(() -> new LiveKitKeyOptions("salt", 8, 10, 257, 128))
                .hasMessageContaining("257");
        assertThatThrownBy(() -> new LiveKitKeyOptions("salt", 8, 10, 16, 192))
                .hasMessageContaining("192");
    }

    @Test
    void toString_showsNoKeyMaterial() {
        LiveKitKeyRing ring = LiveKitKeyRing.create(LiveKitKeyOptions.ELEMENT_CALL);
        ring.setKey(0, KEY);

        assertThat(ring.toString()).isEqualTo("LiveKitKeyRing[256 slots, current 0]");
    }
}

package dev.myelin.crypto.megolm;

import static dev.myelin.crypto.Vectors.hex;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.crypto.Vectors;
import dev.myelin.json.JsonObject;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MegolmRatchetTest {
    private static final JsonObject V = Vectors.olmMegolm().object("megolm_ratchet");

    private static MegolmRatchet seeded(int counter) {
        return new MegolmRatchet(V.string("seed_ascii_repeated_8").repeat(8).getBytes(US_ASCII), counter);
    }

    private static byte[] part(MegolmRatchet ratchet, int j) {
        return Arrays.copyOfRange(ratchet.data(), 32 * j, 32 * j + 32);
    }

    @Test
    void advance_fromSeed_rehashesOnlyR3() {
        MegolmRatchet ratchet = seeded(0);
        MegolmRatchet seed = ratchet.copy();
        ratchet.advance();
        assertThat(ratchet.counter()).isEqualTo(1);
        for (int j = 0; j < 3; j++) {
            assertThat(part(ratchet, j)).isEqualTo(part(seed, j));
        }
        assertThat(part(ratchet, 3)).isEqualTo(hex(V.string("after_advance_r3")));
    }

    @Test
    void advanceTo_libolmVectors_match() {
        MegolmRatchet ratchet = seeded(0);
        ratchet.advanceTo(0x1000000);
        assertThat(part(ratchet, 0)).isEqualTo(hex(V.string("advance_to_0x1000000_r0")));
        ratchet.advanceTo(0x1041506);
        assertThat(ratchet.counter()).isEqualTo(0x1041506);
        assertThat(part(ratchet, 3)).isEqualTo(hex(V.string("advance_to_0x1041506_r3")));
    }

    @Test
    void advanceTo_acrossWrapAround_equalsAdvanceFromZero() {
        MegolmRatchet wrapped = seeded(0xFFFFFFFF);
        wrapped.advanceTo(0x1000000);
        MegolmRatchet fromZero = seeded(0);
        fromZero.advanceTo(0x2000000);
        assertThat(wrapped.data()).isEqualTo(fromZero.data());
    }

    @Test
    void advanceTo_equalsRepeatedAdvance_forRandomTargets() {
        long seed = new Random().nextLong();
        System.out.println("MegolmRatchetTest seed " + seed);
        var random = new Random(seed);
        MegolmRatchet stepwise = seeded(0x00FFFF00);
        for (int round = 0; round < 5; round++) {
            int target = stepwise.counter() + 1 + random.nextInt(400);
            MegolmRatchet jumped = stepwise.copy();
            jumped.advanceTo(target);
            while (stepwise.counter() != target) {
                stepwise.advance();
            }
            assertThat(jumped.data()).as("target %x", target).isEqualTo(stepwise.data());
        }
    }
}

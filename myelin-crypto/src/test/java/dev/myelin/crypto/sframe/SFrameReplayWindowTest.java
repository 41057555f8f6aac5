package dev.myelin.crypto.sframe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

class SFrameReplayWindowTest {

    @Test
    void markSeen_sameCounterTwice_refusesTheSecond() {
        SFrameReplayWindow window = new SFrameReplayWindow(64);

        assertThat(window.markSeen(7)).isTrue();
        assertThat(window.isFresh(7)).isFalse();
        assertThat(window.markSeen(7)).isFalse();
    }

    @Test
    void markSeen_outOfOrderWithinTheWindow_acceptsEachOnce() {
        SFrameReplayWindow window = new SFrameReplayWindow(16);
        for (long ctr : new long[] {10, 8, 9, 12, 11, 0}) {
            assertThat(window.markSeen(ctr)).as("ctr %d", ctr).isTrue();
        }
        for (long ctr : new long[] {10, 8, 9, 12, 11, 0}) {
            assertThat(window.isFresh(ctr)).as("ctr %d", ctr).isFalse();
        }
        assertThat(window.isFresh(1)).isTrue();
        assertThat(window.highest()).hasValue(12);
    }

    @Test
    void isFresh_counterAtOrBelowTheWindowEdge_isTooOld() {
        SFrameReplayWindow window = new SFrameReplayWindow(64);
        window.markSeen(100);

        assertThat(window.isFresh(37)).as("63 behind: last slot of the window").isTrue();
        assertThat(window.isFresh(36)).as("64 behind: outside").isFalse();
        assertThat(window.isFresh(0)).isFalse();
        assertThat(window.markSeen(36)).isFalse();
    }

    @Test
    void markSeen_jumpFarAhead_forgetsTheOldBitsAndKeepsRefusingReplays() {
        SFrameReplayWindow window = new SFrameReplayWindow(64);
        window.markSeen(5);
        window.markSeen(1_000_005); // slides past everything; slot of 5 is reused by later counters

        assertThat(window.isFresh(5)).isFalse(); // too old now
        assertThat(window.isFresh(1_000_005 - 64)).isFalse();
        assertThat(window.isFresh(1_000_005 - 63)).isTrue();
        assertThat(window.markSeen(1_000_005 - 59)).isTrue(); // 5 + 64k aliasing slot: fresh, not confused with 5
        assertThat(window.markSeen(1_000_005)).isFalse();
    }

    @Test
    void markSeen_countersNearTheTopOfTheUnsignedRange_orderUnsigned() {
        SFrameReplayWindow window = new SFrameReplayWindow(8);
        window.markSeen(0x7fff_ffff_ffff_fffeL);

        assertThat(window.markSeen(0x8000_0000_0000_0001L)).as("above, though negative as a signed long").isTrue();
        assertThat(window.isFresh(0x7fff_ffff_ffff_fffeL)).isFalse();
        assertThat(window.isFresh(0x7fff_ffff_ffff_ffffL)).isTrue();
        assertThat(window.markSeen(-1L)).isTrue(); // 2^64 - 1, the largest CTR
        assertThat(window.isFresh(0)).isFalse();
        assertThat(window.highest()).hasValue(-1L);
    }

    @Test
    void constructor_sizeOutOfRange_refused() {
        assertThatThrownBy(() -> new SFrameReplayWindow(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SFrameReplayWindow(SFrameReplayWindow.MAX_SIZE + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new SFrameReplayWindow(SFrameReplayWindow.MAX_SIZE).size()).isEqualTo(65_536);
    }

    @Test
    void markSeen_seededRandomCounters_agreesWithASetBasedModel() {
        long seed = System.nanoTime();
        System.out.println("SFrameReplayWindowTest seed " + seed);
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        for (int size : new int[] {1, 5, 64, 100, 300, 1000}) {
            SFrameReplayWindow window = new SFrameReplayWindow(size);
            Set<Long> seen = new HashSet<>();
            long highest = -1;
            long base = 0;
            for (int i = 0; i < 5000; i++) {
                base += random.nextInt(4); // a stream that mostly advances, with reordering and replays around it
                long ctr = Math.max(0, base + random.nextInt(-2 * size - 3, size + 3));
                boolean expected = highest < 0 || ctr > highest || (highest - ctr < size && !seen.contains(ctr));

                assertThat(window.isFresh(ctr)).as("seed %d size %d step %d ctr %d", seed, size, i, ctr)
                        .isEqualTo(expected);
                assertThat(window.markSeen(ctr)).isEqualTo(expected);
                if (expected) {
                    seen.add(ctr);
                    highest = Math.max(highest, ctr);
                }
            }
        }
    }
}

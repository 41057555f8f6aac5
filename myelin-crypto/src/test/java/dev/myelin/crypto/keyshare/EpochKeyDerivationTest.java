package dev.myelin.crypto.keyshare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.crypto.SecretBytes;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class EpochKeyDerivationTest {
    private static final EpochKeyDerivation CALL = new EpochKeyDerivation("!room:example.org", "m.call#ROOM");
    private static final ParticipantId ALICE = new ParticipantId("@alice:example.org:AAAAAAA");
    private static final ParticipantId BOB = new ParticipantId("@bob:example.org:BBBBBBB");

    private static CallEpoch epoch(long counter, int fill) {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) fill);
        return new CallEpoch(new EpochId(counter, ALICE), SecretBytes.copyOf(secret));
    }

    private static String hex(MediaKey key) {
        return HexFormat.of().formatHex(key.key().exposeCopy());
    }

    @Test
    void mediaKey_isSixteenBytesAtTheEpochRingIndex() {
        MediaKey key = CALL.mediaKey(epoch(258, 1), BOB);

        assertThat(key.index()).isEqualTo(2);
        assertThat(key.key().length()).isEqualTo(16);
    }

    @Test
    void mediaKey_isDeterministicAcrossMembers() {
        var other = new EpochKeyDerivation("!room:example.org", "m.call#ROOM");

        assertThat(hex(CALL.mediaKey(epoch(3, 1), BOB))).isEqualTo(hex(other.mediaKey(epoch(3, 1), BOB)));
    }

    @Test
    void mediaKey_differsPerSenderEpochSecretDistributorAndCall() {
        String base = hex(CALL.mediaKey(epoch(3, 1), BOB));
        var otherDistributor = new CallEpoch(new EpochId(3, BOB), epoch(3, 1).secret());

        assertThat(hex(CALL.mediaKey(epoch(3, 1), ALICE))).isNotEqualTo(base);
        assertThat(hex(CALL.mediaKey(epoch(4, 1), BOB))).isNotEqualTo(base);
        assertThat(hex(CALL.mediaKey(epoch(3, 2), BOB))).isNotEqualTo(base);
        assertThat(hex(CALL.mediaKey(otherDistributor, BOB))).isNotEqualTo(base);
        assertThat(hex(new EpochKeyDerivation("!room:example.org", "m.call#other").mediaKey(epoch(3, 1), BOB)))
                .isNotEqualTo(base);
    }

    @Test
    void mediaKey_fieldBoundariesAreUnambiguous() {
        var split1 = new EpochKeyDerivation("!ab:x", "c");
        var split2 = new EpochKeyDerivation("!a", "b:xc");

        assertThat(hex(split1.mediaKey(epoch(1, 1), BOB))).isNotEqualTo(hex(split2.mediaKey(epoch(1, 1), BOB)));
    }

    @Test
    void epochIds_orderByCounterThenDistributor() {
        var a5 = new EpochId(5, ALICE);
        var b5 = new EpochId(5, BOB);
        var a6 = new EpochId(6, ALICE);

        assertThat(b5.isNewerThan(a5)).isTrue();
        assertThat(a6.isNewerThan(b5)).isTrue();
        assertThat(a5.ringIndex()).isEqualTo(b5.ringIndex());
    }
}

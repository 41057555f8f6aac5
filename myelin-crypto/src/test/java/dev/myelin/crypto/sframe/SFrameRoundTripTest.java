package dev.myelin.crypto.sframe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.frame.UndecryptableFrameException;
import dev.myelin.crypto.frame.UndecryptableFrameException.Reason;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SFrameRoundTripTest {
    private static final SecretBytes BASE_KEY = SecretBytes.copyOf(HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f"));
    private static final byte[] META = "meta".getBytes();

    private static byte[] encrypt(SFrameEncryptor encryptor, byte[] pt) {
        byte[] out = new byte[encryptor.maxEncryptedLength(pt.length)];
        int n = encryptor.encrypt(META, 0, META.length, pt, 0, pt.length, out, 0);
        return Arrays.copyOf(out, n);
    }

    private static Reason failure(SFrameDecryptor decryptor, byte[] frame) {
        try {
            decryptor.decrypt(META, 0, META.length, frame, 0, frame.length, new byte[frame.length], 0);
        } catch (UndecryptableFrameException e) {
            return e.reason();
        }
        throw new AssertionError("frame decrypted");
    }

    @ParameterizedTest
    @EnumSource(SFrameCipherSuite.class)
    void roundTrip_seededRandomFrames_decryptToTheOriginalWithIncreasingCounters(SFrameCipherSuite suite) {
        long seed = System.nanoTime();
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        SFrameEncryptor encryptor = SFrameEncryptor.create(suite, 300, BASE_KEY);
        SFrameDecryptor decryptor = SFrameDecryptor.create(suite);
        decryptor.addKey(300, BASE_KEY);
        for (int i = 0; i < 50; i++) {
            byte[] pt = new byte[random.nextInt(2000)];
            random.nextBytes(pt);
            byte[] frame = encrypt(encryptor, pt);
            byte[] out = new byte[frame.length];

            int n = decryptor.decrypt(META, 0, META.length, frame, 0, frame.length, out, 0);

            assertThat(Arrays.copyOf(out, n)).as("seed %d frame %d", seed, i).containsExactly(pt);
            assertThat(SFrameHeader.decode(frame, 0, frame.length)).isEqualTo(new SFrameHeader(300, i));
        }
    }

    @ParameterizedTest
    @EnumSource(SFrameCipherSuite.class)
    void decrypt_anyFlippedBitOrOtherMetadata_failsWithInvalidKey(SFrameCipherSuite suite) {
        SFrameEncryptor encryptor = SFrameEncryptor.create(suite, 1, BASE_KEY);
        SFrameDecryptor decryptor = SFrameDecryptor.create(suite);
        decryptor.addKey(1, BASE_KEY);
        byte[] frame = encrypt(encryptor, "hello frame".getBytes());

        for (int bit = 8; bit < frame.length * 8; bit++) { // the header's first byte would change the KID
            byte[] tampered = frame.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(failure(decryptor, tampered)).as("bit %d", bit).isIn(Reason.INVALID_KEY, Reason.MALFORMED);
        }
        assertThatThrownBy(() -> decryptor.decrypt(new byte[1], 0, 1, frame, 0, frame.length, new byte[64], 0))
                .isInstanceOf(UndecryptableFrameException.class);
    }

    @ParameterizedTest
    @EnumSource(SFrameCipherSuite.class)
    void decrypt_unknownKidOrTruncatedFrame_saysMissingKeyOrMalformed(SFrameCipherSuite suite) {
        SFrameDecryptor decryptor = SFrameDecryptor.create(suite);
        decryptor.addKey(2, BASE_KEY);
        byte[] frame = encrypt(SFrameEncryptor.create(suite, 1, BASE_KEY), "x".getBytes());

        assertThat(failure(decryptor, frame)).isEqualTo(Reason.MISSING_KEY);
        assertThat(failure(decryptor, new byte[] {(byte) 0x80})).isEqualTo(Reason.MALFORMED);
        assertThat(failure(decryptor, Arrays.copyOf(frame, 1 + suite.tagLength() - 1))).isEqualTo(Reason.MALFORMED);
    }

    @ParameterizedTest
    @EnumSource(SFrameCipherSuite.class)
    void ratchet_derivesANewBaseKeyOfHashLength(SFrameCipherSuite suite) {
        SecretBytes next = SFrameKeySchedule.ratchet(suite, BASE_KEY);

        assertThat(next.length()).isEqualTo(suite.hashLength());
        assertThat(next.equalsConstantTime(SFrameKeySchedule.ratchet(suite, BASE_KEY))).isTrue();
        assertThat(next.equalsConstantTime(SFrameKeySchedule.ratchet(suite, next))).isFalse();
    }
}

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

    @ParameterizedTest
    @EnumSource(names = {"AES_128_CTR_HMAC_SHA256_80", "AES_128_GCM_SHA256_128"})
    void decrypt_withReplayWindow_refusesReplaysAndTooOldFramesButTakesReordering(SFrameCipherSuite suite) {
        SFrameEncryptor encryptor = SFrameEncryptor.create(suite, 4, BASE_KEY);
        SFrameDecryptor decryptor = SFrameDecryptor.create(suite, dev.myelin.crypto.aead.AesGcmEngine.jdk(), 8);
        decryptor.addKey(4, BASE_KEY);
        byte[][] frames = new byte[20][];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = encrypt(encryptor, new byte[] {(byte) i, 1, 2});
        }

        for (int i : new int[] {0, 2, 1, 19, 12}) {
            decryptor.decrypt(META, 0, META.length, frames[i], 0, frames[i].length, new byte[64], 0);
        }

        assertThat(decryptor.replayWindow()).isEqualTo(8);
        assertThat(failure(decryptor, frames[1])).isEqualTo(Reason.REPLAYED);
        assertThat(failure(decryptor, frames[19])).isEqualTo(Reason.REPLAYED);
        assertThat(failure(decryptor, frames[11])).as("8 behind 19").isEqualTo(Reason.REPLAYED);
        byte[] out = new byte[64];
        assertThat(decryptor.decrypt(META, 0, META.length, frames[13], 0, frames[13].length, out, 0)).isEqualTo(3);
        assertThat(out[0]).isEqualTo((byte) 13);
    }

    @ParameterizedTest
    @EnumSource(names = {"AES_128_CTR_HMAC_SHA256_32", "AES_256_GCM_SHA512_128"})
    void decrypt_forgedFrameWithAFreshCounter_doesNotUseUpTheCounter(SFrameCipherSuite suite) {
        SFrameEncryptor encryptor = SFrameEncryptor.create(suite, 4, BASE_KEY);
        SFrameDecryptor decryptor = SFrameDecryptor.create(suite, dev.myelin.crypto.aead.AesGcmEngine.jdk(), 64);
        decryptor.addKey(4, BASE_KEY);
        byte[] genuine = encrypt(encryptor, new byte[] {9, 9, 9});
        byte[] forged = genuine.clone();
        forged[forged.length - 1] ^= 1;

        assertThat(failure(decryptor, forged)).isEqualTo(Reason.INVALID_KEY);
        assertThat(decryptor.decrypt(META, 0, META.length, genuine, 0, genuine.length, new byte[64], 0)).isEqualTo(3);
        assertThat(failure(decryptor, genuine)).isEqualTo(Reason.REPLAYED);
    }

    @ParameterizedTest
    @EnumSource(names = {"AES_128_GCM_SHA256_128"})
    void decrypt_replayedFrame_decryptsWithoutAWindowAndAfterTheKeyIsReplaced(SFrameCipherSuite suite) {
        SFrameEncryptor encryptor = SFrameEncryptor.create(suite, 4, BASE_KEY);
        byte[] frame = encrypt(encryptor, new byte[] {5});
        SFrameDecryptor plain = SFrameDecryptor.create(suite);
        plain.addKey(4, BASE_KEY);
        SFrameDecryptor guarded = SFrameDecryptor.create(suite, dev.myelin.crypto.aead.AesGcmEngine.jdk(), 16);
        guarded.addKey(4, BASE_KEY);

        plain.decrypt(META, 0, META.length, frame, 0, frame.length, new byte[16], 0);
        plain.decrypt(META, 0, META.length, frame, 0, frame.length, new byte[16], 0);
        guarded.decrypt(META, 0, META.length, frame, 0, frame.length, new byte[16], 0);
        Reason replay = failure(guarded, frame);
        guarded.addKey(4, BASE_KEY); // a new base key for the KID: a new counter space
        int n = guarded.decrypt(META, 0, META.length, frame, 0, frame.length, new byte[16], 0);

        assertThat(plain.replayWindow()).isZero();
        assertThat(replay).isEqualTo(Reason.REPLAYED);
        assertThat(n).isEqualTo(1);
        assertThatThrownBy(() -> SFrameDecryptor.create(suite, dev.myelin.crypto.aead.AesGcmEngine.jdk(), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

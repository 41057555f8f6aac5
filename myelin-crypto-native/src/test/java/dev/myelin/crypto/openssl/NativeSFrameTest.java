package dev.myelin.crypto.openssl;

import static dev.myelin.crypto.openssl.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.aead.AesGcmEngine;
import dev.myelin.crypto.frame.UndecryptableFrameException;
import dev.myelin.crypto.sframe.SFrameCipherSuite;
import dev.myelin.crypto.sframe.SFrameDecryptor;
import dev.myelin.crypto.sframe.SFrameEncryptor;
import dev.myelin.json.JsonInteger;
import dev.myelin.json.JsonObject;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every SFrame suite with the native engine: the RFC 9605 vectors, and the JDK engine's exact bytes. */
class NativeSFrameTest {
    private static final AesGcmEngine OPENSSL = OpenSslAesGcmEngine.load();

    static Stream<JsonObject> gcmVectors() {
        return Vectors.load("sframe-rfc9605.json").array("sframe").objects().stream()
                .filter(v -> v.integer("cipher_suite") >= 1);
    }

    @ParameterizedTest(name = "suite {0}")
    @MethodSource("gcmVectors")
    void decrypt_vector_returnsThePlaintext(JsonObject vector) {
        SFrameCipherSuite suite = SFrameCipherSuite.byId((int) vector.integer("cipher_suite")).orElseThrow();
        long kid = ((JsonInteger) vector.get("kid").orElseThrow()).value();
        SFrameDecryptor decryptor = SFrameDecryptor.create(suite, OPENSSL);
        decryptor.addKey(kid, SecretBytes.copyOf(hex(vector, "base_key")));
        byte[] metadata = hex(vector, "metadata");
        byte[] ct = hex(vector, "ct");
        byte[] out = new byte[ct.length];

        int n = decryptor.decrypt(metadata, 0, metadata.length, ct, 0, ct.length, out, 0);

        assertThat(Arrays.copyOf(out, n)).containsExactly(hex(vector, "pt"));
    }

    @ParameterizedTest
    @EnumSource(SFrameCipherSuite.class)
    void seededRandomFrames_nativeEncryptsLikeTheJdkAndRejectsTampering(SFrameCipherSuite suite) {
        long seed = System.nanoTime();
        System.out.println("NativeSFrameTest seed " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        byte[] baseKey = new byte[suite.keyLength()];
        random.nextBytes(baseKey);
        SFrameEncryptor jdk = SFrameEncryptor.create(suite, 9, SecretBytes.copyOf(baseKey));
        SFrameEncryptor openssl = SFrameEncryptor.create(suite, 9, SecretBytes.copyOf(baseKey), OPENSSL);
        SFrameDecryptor decryptor = SFrameDecryptor.create(suite, OPENSSL);
        decryptor.addKey(9, SecretBytes.copyOf(baseKey));
        for (int i = 0; i < 200; i++) {
            byte[] metadata = new byte[random.nextInt(3) == 0 ? random.nextInt(20) : 0];
            random.nextBytes(metadata);
            byte[] pt = new byte[random.nextInt(3000)];
            random.nextBytes(pt);
            byte[] expected = new byte[jdk.maxEncryptedLength(pt.length)];
            byte[] actual = new byte[openssl.maxEncryptedLength(pt.length)];

            int n = jdk.encrypt(metadata, 0, metadata.length, pt, 0, pt.length, expected, 0);
            int m = openssl.encrypt(metadata, 0, metadata.length, pt, 0, pt.length, actual, 0);
            byte[] opened = new byte[m];
            int k = decryptor.decrypt(metadata, 0, metadata.length, actual, 0, m, opened, 0);

            assertThat(Arrays.copyOf(actual, m)).as("seed %d frame %d", seed, i)
                    .containsExactly(Arrays.copyOf(expected, n));
            assertThat(Arrays.copyOf(opened, k)).containsExactly(pt);
            byte[] tampered = Arrays.copyOf(actual, m);
            tampered[m - 1 - random.nextInt(m - 1)] ^= 1; // any byte but the config byte
            assertThatThrownBy(() -> decryptor.decrypt(metadata, 0, metadata.length, tampered, 0, m, opened, 0))
                    .isInstanceOf(UndecryptableFrameException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(SFrameCipherSuite.class)
    void decrypt_twoKidsAlternatingAndInPlace_returnTheJdkPlaintexts(SFrameCipherSuite suite) {
        SplittableRandom random = new SplittableRandom(17);
        byte[][] baseKeys = {new byte[suite.keyLength()], new byte[suite.keyLength()]};
        random.nextBytes(baseKeys[0]);
        random.nextBytes(baseKeys[1]);
        SFrameEncryptor[] senders = {SFrameEncryptor.create(suite, 1, SecretBytes.copyOf(baseKeys[0])),
            SFrameEncryptor.create(suite, 2, SecretBytes.copyOf(baseKeys[1]))};
        SFrameDecryptor decryptor = SFrameDecryptor.create(suite, OPENSSL);
        decryptor.addKey(1, SecretBytes.copyOf(baseKeys[0]));
        decryptor.addKey(2, SecretBytes.copyOf(baseKeys[1]));
        for (int i = 0; i < 30; i++) {
            byte[] pt = new byte[random.nextInt(1500)];
            random.nextBytes(pt);
            byte[] frame = new byte[senders[i % 2].maxEncryptedLength(pt.length)];
            int n = senders[i % 2].encrypt(pt, 0, pt.length, frame, 0);

            int k = decryptor.decrypt(frame, 0, n, frame, 0); // plaintext over its own ciphertext

            assertThat(Arrays.copyOf(frame, k)).as("frame %d", i).containsExactly(pt);
        }
    }

    @Test
    void decrypt_unknownKid_isAMissingKey() {
        SFrameDecryptor decryptor = SFrameDecryptor.create(SFrameCipherSuite.AES_128_GCM_SHA256_128, OPENSSL);
        byte[] frame = new byte[40];

        assertThatThrownBy(() -> decryptor.decrypt(frame, 0, frame.length, new byte[40], 0))
                .isInstanceOfSatisfying(UndecryptableFrameException.class,
                        e -> assertThat(e.reason()).isEqualTo(UndecryptableFrameException.Reason.MISSING_KEY));
    }
}

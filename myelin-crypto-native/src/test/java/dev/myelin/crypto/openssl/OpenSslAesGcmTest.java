package dev.myelin.crypto.openssl;

import static dev.myelin.crypto.openssl.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.crypto.aead.AesGcm;
import dev.myelin.crypto.aead.AesGcmEngine;
import dev.myelin.json.JsonObject;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The native engine against the JDK engine and the SFrame AES-GCM vectors. */
class OpenSslAesGcmTest {
    private final AesGcm openssl = OpenSslAesGcmEngine.load().newAesGcm();
    private final AesGcm jdk = AesGcmEngine.jdk().newAesGcm();

    static Stream<JsonObject> gcmVectors() {
        return Vectors.load("sframe-rfc9605.json").array("sframe").objects().stream()
                .filter(v -> v.integer("cipher_suite") >= 4);
    }

    @Test
    void load_onThisMachine_findsOpenSsl3() {
        assertThat(OpenSslAesGcmEngine.load().openSslVersion()).startsWith("3.");
        assertThat(OpenSslAesGcmEngine.load().name()).isEqualTo("openssl");
    }

    @ParameterizedTest(name = "suite {0}")
    @MethodSource("gcmVectors")
    void sealAndOpen_sframeGcmVector_matchTheCiphertext(JsonObject vector) {
        SecretKeySpec key = new SecretKeySpec(hex(vector, "sframe_key"), "AES");
        byte[] nonce = hex(vector, "nonce");
        byte[] aad = hex(vector, "aad");
        byte[] pt = hex(vector, "pt");
        byte[] ct = hex(vector, "ct");
        int headerLength = aad.length - hex(vector, "metadata").length;
        byte[] out = new byte[pt.length + AesGcm.TAG_LENGTH];
        byte[] opened = new byte[pt.length];

        int n = openssl.seal(key, nonce, 0, nonce.length, aad, 0, aad.length, pt, 0, pt.length, out, 0);
        int m = openssl.open(key, nonce, 0, nonce.length, aad, 0, aad.length, out, 0, n, opened, 0);

        assertThat(out).containsExactly(Arrays.copyOfRange(ct, headerLength, ct.length));
        assertThat(m).isEqualTo(pt.length);
        assertThat(opened).containsExactly(pt);
    }

    @Test
    void seal_seededRandomInputs_byteIdenticalToTheJdkAndOpenedByIt() {
        long seed = System.nanoTime();
        System.out.println("OpenSslAesGcmTest seed " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        SecretKeySpec[] keys = {key(random, 16), key(random, 32), key(random, 24)};
        for (int i = 0; i < 600; i++) {
            SecretKeySpec key = keys[random.nextInt(keys.length)];
            int ivLength = random.nextInt(4) == 0 ? 1 + random.nextInt(200) : 12; // > 128 takes the JDK fallback
            byte[] iv = bytes(random, ivLength);
            byte[] aad = bytes(random, random.nextInt(24));
            byte[] pt = bytes(random, random.nextInt(3000));
            byte[] mine = new byte[pt.length + 16 + 5];
            byte[] theirs = new byte[pt.length + 16];

            int n = openssl.seal(key, iv, 0, ivLength, aad, 0, aad.length, pt, 0, pt.length, mine, 5);
            jdk.seal(key, iv, 0, ivLength, aad, 0, aad.length, pt, 0, pt.length, theirs, 0);
            byte[] opened = new byte[pt.length];
            int m = jdk.open(key, iv, 0, ivLength, aad, 0, aad.length, mine, 5, n, opened, 0);

            assertThat(Arrays.copyOfRange(mine, 5, 5 + n)).as("seed %d frame %d", seed, i).containsExactly(theirs);
            assertThat(m).isEqualTo(pt.length);
            assertThat(opened).containsExactly(pt);
        }
    }

    @Test
    void open_everySingleBitFlipped_failsAndZeroesTheOutput() {
        SplittableRandom random = new SplittableRandom(7);
        SecretKeySpec key = key(random, 16);
        byte[] iv = bytes(random, 12);
        byte[] aad = bytes(random, 3);
        byte[] pt = bytes(random, 40);
        byte[] sealed = new byte[pt.length + 16];
        openssl.seal(key, iv, 0, 12, aad, 0, aad.length, pt, 0, pt.length, sealed, 0);
        for (int bit = 0; bit < sealed.length * 8; bit++) {
            byte[] tampered = sealed.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            byte[] out = new byte[pt.length];
            Arrays.fill(out, (byte) 0x55);

            int n = openssl.open(key, iv, 0, 12, aad, 0, aad.length, tampered, 0, tampered.length, out, 0);

            assertThat(n).as("bit %d", bit).isEqualTo(-1);
            assertThat(out).as("bit %d", bit).containsOnly(0); // no unauthenticated plaintext left behind
        }
        byte[] wrongAad = aad.clone();
        wrongAad[0] ^= 1;
        assertThat(openssl.open(key, iv, 0, 12, wrongAad, 0, 3, sealed, 0, sealed.length, new byte[40], 0))
                .isEqualTo(-1);
        assertThat(openssl.open(key, iv, 0, 12, aad, 0, 3, sealed, 0, 15, new byte[40], 0)).isEqualTo(-1);
    }

    @Test
    void open_inPlaceWithTheWrongKey_keepsTheCiphertextForARetry() {
        SplittableRandom random = new SplittableRandom(11);
        SecretKeySpec right = key(random, 16);
        SecretKeySpec wrong = key(random, 16);
        byte[] iv = bytes(random, 12);
        byte[] pt = bytes(random, 100);
        byte[] buffer = new byte[pt.length + 16];
        openssl.seal(right, iv, 0, 12, new byte[0], 0, 0, pt, 0, pt.length, buffer, 0);
        byte[] sealed = buffer.clone();

        int failed = openssl.open(wrong, iv, 0, 12, new byte[0], 0, 0, buffer, 0, buffer.length, buffer, 0);
        byte[] afterFailure = buffer.clone();
        int n = openssl.open(right, iv, 0, 12, new byte[0], 0, 0, buffer, 0, buffer.length, buffer, 0);

        assertThat(failed).isEqualTo(-1);
        assertThat(afterFailure).containsExactly(sealed);
        assertThat(n).isEqualTo(pt.length);
        assertThat(Arrays.copyOf(buffer, n)).containsExactly(pt);
    }

    @Test
    void seal_inputAndOutputOverlappingAtDifferentOffsets_matchesTheJdk() {
        SplittableRandom random = new SplittableRandom(5);
        SecretKeySpec key = key(random, 16);
        byte[] iv = bytes(random, 12);
        byte[] pt = bytes(random, 300);
        byte[] expected = new byte[pt.length + 16];
        jdk.seal(key, iv, 0, 12, new byte[0], 0, 0, pt, 0, pt.length, expected, 0);
        for (int shift : new int[] {-7, 3, 17}) {
            byte[] buffer = new byte[400];
            int inOffset = 40;
            System.arraycopy(pt, 0, buffer, inOffset, pt.length);

            int n = openssl.seal(key, iv, 0, 12, new byte[0], 0, 0, buffer, inOffset, pt.length, buffer,
                    inOffset + shift);

            assertThat(Arrays.copyOfRange(buffer, inOffset + shift, inOffset + shift + n)).as("shift %d", shift)
                    .containsExactly(expected);
        }
    }

    @Test
    void sealThenOpen_alternatingKeysAndDirectionsOnOneInstance_stayCorrect() {
        SplittableRandom random = new SplittableRandom(3);
        SecretKeySpec a = key(random, 16);
        SecretKeySpec b = key(random, 32);
        byte[] pt = bytes(random, 64);
        for (int i = 0; i < 20; i++) {
            SecretKeySpec key = i % 3 == 0 ? b : a;
            byte[] iv = bytes(random, i % 2 == 0 ? 12 : 16);
            byte[] sealed = new byte[80];
            byte[] expected = new byte[80];
            openssl.seal(key, iv, 0, iv.length, pt, 0, 2, pt, 0, 64, sealed, 0);
            jdk.seal(key, iv, 0, iv.length, pt, 0, 2, pt, 0, 64, expected, 0);
            byte[] opened = new byte[64];

            assertThat(sealed).containsExactly(expected);
            assertThat(openssl.open(key, iv, 0, iv.length, pt, 0, 2, sealed, 0, 80, opened, 0)).isEqualTo(64);
            assertThat(opened).containsExactly(pt);
        }
    }

    private static SecretKeySpec key(SplittableRandom random, int length) {
        return new SecretKeySpec(bytes(random, length), "AES");
    }

    private static byte[] bytes(SplittableRandom random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }
}

package dev.myelin.crypto.openssl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.crypto.aead.AesCtr;
import dev.myelin.crypto.aead.AesGcmEngine;
import dev.myelin.crypto.aead.Hmac;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The native AES-CTR and HMAC against the JDK's, byte for byte. */
class OpenSslCtrHmacTest {
    private static final OpenSslAesGcmEngine OPENSSL = OpenSslAesGcmEngine.load();
    private static final AesGcmEngine JDK = AesGcmEngine.jdk();

    @Test
    void aesCtr_seededRandomKeysCountersAndLengths_matchTheJdk() {
        long seed = System.nanoTime();
        System.out.println("OpenSslCtrHmacTest seed " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        AesCtr openssl = OPENSSL.newAesCtr();
        AesCtr jdk = JDK.newAesCtr();
        SecretKeySpec[] keys = {aes(random, 16), aes(random, 32), aes(random, 24)};
        for (int i = 0; i < 300; i++) {
            SecretKeySpec key = keys[random.nextInt(keys.length)];
            byte[] counter = bytes(random, 16);
            if (random.nextInt(4) == 0) {
                Arrays.fill(counter, 8, 16, (byte) 0xff); // carries across the low 64 bits
            }
            byte[] in = bytes(random, random.nextInt(2000));
            byte[] mine = new byte[in.length + 3];
            byte[] theirs = new byte[in.length];

            openssl.apply(key, counter, in, 0, in.length, mine, 3);
            jdk.apply(key, counter, in, 0, in.length, theirs, 0);

            assertThat(Arrays.copyOfRange(mine, 3, mine.length)).as("seed %d step %d", seed, i)
                    .containsExactly(theirs);
        }
    }

    @Test
    void aesCtr_inPlaceAndShiftedWithinOneArray_matchTheJdk() {
        SplittableRandom random = new SplittableRandom(23);
        AesCtr openssl = OPENSSL.newAesCtr();
        SecretKeySpec key = aes(random, 16);
        byte[] counter = bytes(random, 16);
        byte[] pt = bytes(random, 500);
        byte[] expected = new byte[pt.length];
        JDK.newAesCtr().apply(key, counter, pt, 0, pt.length, expected, 0);
        for (int shift : new int[] {0, -5, 9}) {
            byte[] buffer = new byte[600];
            System.arraycopy(pt, 0, buffer, 50, pt.length);

            openssl.apply(key, counter, buffer, 50, pt.length, buffer, 50 + shift);

            assertThat(Arrays.copyOfRange(buffer, 50 + shift, 50 + shift + pt.length)).as("shift %d", shift)
                    .containsExactly(expected);
        }
    }

    @Test
    void hmac_rfc4231Case2_matches() {
        for (Hmac hmac : new Hmac[] {OPENSSL.newHmac("HmacSHA256"), OPENSSL.newHmac("HmacSHA512")}) {
            SecretKeySpec key = new SecretKeySpec("Jefe".getBytes(), "HmacSHA256");
            byte[] data = "what do ya want for nothing?".getBytes();
            byte[] out = new byte[hmac.length()];

            hmac.start(key);
            hmac.update(data, 0, 10);
            hmac.update(data, 10, data.length - 10);
            hmac.finish(out, 0);

            assertThat(HexFormat.of().formatHex(out)).isEqualTo(hmac.length() == 32
                    ? "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
                    : "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fd"
                            + "caeab1a34d4a6b4b636e070a38bce737");
        }
    }

    @Test
    void hmac_seededRandomMessagesRestartsAndKeyChanges_matchTheJdk() {
        long seed = System.nanoTime();
        System.out.println("OpenSslCtrHmacTest seed " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        for (String algorithm : new String[] {"HmacSHA256", "HmacSHA512"}) {
            Hmac openssl = OPENSSL.newHmac(algorithm);
            Hmac jdk = JDK.newHmac(algorithm);
            SecretKeySpec[] keys = {hmacKey(random, 32, algorithm), hmacKey(random, 16, algorithm),
                hmacKey(random, 200, algorithm)}; // longer than a block: hashed first
            for (int i = 0; i < 200; i++) {
                SecretKeySpec key = keys[random.nextInt(keys.length)];
                openssl.start(key);
                jdk.start(key);
                for (int part = random.nextInt(4); part > 0; part--) {
                    byte[] data = bytes(random, random.nextInt(700));
                    int offset = data.length == 0 ? 0 : random.nextInt(data.length);
                    openssl.update(data, offset, data.length - offset);
                    jdk.update(data, offset, data.length - offset);
                }
                byte[] mine = new byte[openssl.length() + 1];
                byte[] theirs = new byte[jdk.length()];
                openssl.finish(mine, 1);
                jdk.finish(theirs, 0);

                assertThat(Arrays.copyOfRange(mine, 1, mine.length)).as("seed %d %s step %d", seed, algorithm, i)
                        .containsExactly(theirs);
            }
        }
    }

    @Test
    void newHmac_otherHash_isRefused() {
        assertThatThrownBy(() -> OPENSSL.newHmac("HmacSHA1")).isInstanceOf(IllegalArgumentException.class);
    }

    private static SecretKeySpec aes(SplittableRandom random, int length) {
        return new SecretKeySpec(bytes(random, length), "AES");
    }

    private static SecretKeySpec hmacKey(SplittableRandom random, int length, String algorithm) {
        return new SecretKeySpec(bytes(random, length), algorithm);
    }

    private static byte[] bytes(SplittableRandom random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }
}

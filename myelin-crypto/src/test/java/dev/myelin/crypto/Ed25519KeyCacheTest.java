package dev.myelin.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.crypto.internal.Ed25519KeyPair;
import dev.myelin.crypto.internal.Primitives;
import java.util.HexFormat;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/**
 * Key pairs and public keys keep an initialised signer or verifier (the installed engine's) between calls: the
 * verdicts and signatures must be exactly those of a fresh one, whatever came before (failed checks, other messages).
 */
class Ed25519KeyCacheTest {
    // RFC 8032 section 7.1, test 2
    private static final byte[] SEED = HexFormat.of()
            .parseHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
    private static final String SIGNATURE_OF_72 = "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
            + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";

    @Test
    void sign_repeatedlyWithOneKeyPair_givesTheRfc8032SignatureEveryTime() {
        Ed25519KeyPair pair = Ed25519KeyPair.fromSeed(SEED);
        for (int i = 0; i < 3; i++) {
            pair.sign(new byte[] {1, 2, 3}); // something else in between
            assertThat(HexFormat.of().formatHex(pair.sign(new byte[] {0x72}).toBytes())).isEqualTo(SIGNATURE_OF_72);
        }
        assertThat(pair.publicKey().toBase64()).isEqualTo(Base64Unpaddedish.of(
                "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"));
        assertThat(pair.toString()).doesNotContain(HexFormat.of().formatHex(SEED)).contains("publicKey=");
    }

    @Test
    void verify_mixOfValidAndForgedSignaturesOnOneKey_sameVerdictsAsAFreshVerifierEachTime() {
        long seed = System.nanoTime();
        System.out.println("Ed25519KeyCacheTest seed " + seed);
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        Ed25519KeyPair pair = Ed25519KeyPair.generate(random);
        Ed25519PublicKey key = Ed25519PublicKey.fromBytes(pair.publicKey().toBytes());
        for (int i = 0; i < 40; i++) {
            byte[] message = new byte[random.nextInt(300)];
            random.nextBytes(message);
            byte[] signature = pair.sign(message).toBytes();
            switch (random.nextInt(4)) {
                case 0 -> signature[random.nextInt(64)] ^= (byte) (1 << random.nextInt(8));
                case 1 -> signature[31] = (byte) 0xff; // R usually not a point: the JDK throws inside verify
                case 2 -> signature[63] = (byte) 0xff; // S out of range
                default -> { }
            }
            boolean fresh = Primitives.ed25519Verify(pair.publicKey().toBytes(), message, signature);

            assertThat(key.verify(message, Ed25519Signature.fromBytes(signature))).as("seed %d step %d", seed, i)
                    .isEqualTo(fresh);
        }
        byte[] message = {42};
        assertThat(key.verify(message, pair.sign(message))).isTrue();
    }

    @Test
    void verify_keyThatIsNotACurvePoint_isFalseEveryTime() {
        byte[] notAPoint = new byte[32];
        notAPoint[0] = 2; // y = 2 has no x on edwards25519
        Ed25519PublicKey key = Ed25519PublicKey.fromBytes(notAPoint);
        Ed25519Signature signature = Ed25519Signature.fromBytes(new byte[64]);

        assertThat(key.verify(new byte[] {1}, signature)).isFalse();
        assertThat(key.verify(new byte[] {1}, signature)).isFalse();
    }

    /** Hex to unpadded base64, for comparing with the key's wire form. */
    private static final class Base64Unpaddedish {
        static String of(String hex) {
            return java.util.Base64.getEncoder().withoutPadding().encodeToString(HexFormat.of().parseHex(hex));
        }
    }
}

package dev.myelin.crypto.openssl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.crypto.Ed25519Engine;
import dev.myelin.crypto.Ed25519PublicKey;
import dev.myelin.crypto.Ed25519Signature;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Public keys at the edges of RFC 8032's point encoding (section 5.1.3), which Wycheproof's file does not cover:
 * small-order points, {@code y >= p}, and {@code x = 0} with its sign bit set. Under a small-order key
 * {@code R = identity, S = 0} verifies every message (cofactorless RFC 8032 verification allows it, and both
 * engines do); a non-canonical encoding of such a key must verify nothing, in both engines alike.
 */
class Ed25519PublicKeyEncodingTest {
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    private static final byte[] MESSAGE = "any message at all".getBytes(StandardCharsets.UTF_8);
    private static final List<Ed25519Engine> ENGINES = List.of(Ed25519Engine.jdk(), OpenSslEd25519Engine.load());

    static Stream<Arguments> nonCanonicalKeys() {
        return ENGINES.stream().flatMap(engine -> Stream.of(
                Arguments.of(engine, "y = p + 1 (identity)", point(P.add(BigInteger.ONE), false)),
                Arguments.of(engine, "y = p (y = 0, order 4)", point(P, false)),
                Arguments.of(engine, "y = p + 2", point(P.add(BigInteger.TWO), false)),
                Arguments.of(engine, "y = 2^255 - 1", point(BigInteger.TWO.pow(255).subtract(BigInteger.ONE), false)),
                Arguments.of(engine, "y = 1, x = 0 with sign bit", point(BigInteger.ONE, true)),
                Arguments.of(engine, "y = -1, x = 0 with sign bit", point(P.subtract(BigInteger.ONE), true))));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("nonCanonicalKeys")
    void verify_underNonCanonicalKeyEncoding_acceptsNothing(Ed25519Engine engine, String name, byte[] key) {
        var verifier = engine.newVerifier(Ed25519PublicKey.fromBytes(key));

        for (byte[] r : smallOrderEncodings()) {
            assertThat(verifier.verify(MESSAGE, signature(r))).as("R = %s", Vectors.HEX.formatHex(r)).isFalse();
        }
    }

    @Test
    void verify_identityAsKeyAndR_verifiesAnyMessageInBothEngines() {
        // RFC 8032 (cofactorless) accepts it; recorded so that a change in either engine shows up here.
        byte[] identity = point(BigInteger.ONE, false);
        for (Ed25519Engine engine : ENGINES) {
            assertThat(engine.newVerifier(Ed25519PublicKey.fromBytes(identity)).verify(MESSAGE, signature(identity)))
                    .as(engine.name()).isTrue();
        }
    }

    @Test
    void verify_smallOrderKeysAndRsInAllCombinations_bothEnginesAgree() {
        List<byte[]> keys = new ArrayList<>(smallOrderEncodings());
        nonCanonicalKeys().limit(6).forEach(arguments -> keys.add((byte[]) arguments.get()[2]));
        List<String> disagreements = new ArrayList<>();
        for (byte[] key : keys) {
            for (byte[] r : keys) {
                boolean jdk = ENGINES.get(0).newVerifier(Ed25519PublicKey.fromBytes(key)).verify(MESSAGE, signature(r));
                boolean openssl = ENGINES.get(1).newVerifier(Ed25519PublicKey.fromBytes(key))
                        .verify(MESSAGE, signature(r));
                if (jdk != openssl) {
                    disagreements.add("key " + Vectors.HEX.formatHex(key) + " R " + Vectors.HEX.formatHex(r)
                            + ": jdk " + jdk + ", openssl " + openssl);
                }
            }
        }

        assertThat(disagreements).isEmpty();
    }

    /** Canonical encodings of small-order points with an easy x: identity (y = 1), order 2 (y = -1), order 4 (y = 0). */
    private static List<byte[]> smallOrderEncodings() {
        return List.of(point(BigInteger.ONE, false), point(P.subtract(BigInteger.ONE), false),
                point(BigInteger.ZERO, false), point(BigInteger.ZERO, true));
    }

    private static Ed25519Signature signature(byte[] r) {
        byte[] bytes = new byte[Ed25519Signature.LENGTH]; // S = 0
        System.arraycopy(r, 0, bytes, 0, 32);
        return Ed25519Signature.fromBytes(bytes);
    }

    /** The 32-byte little-endian encoding of {@code y} (taken as is, even above p) with x's sign bit. */
    private static byte[] point(BigInteger y, boolean xNegative) {
        byte[] bigEndian = y.toByteArray();
        byte[] encoded = new byte[32];
        for (int i = 0; i < 32 && i < bigEndian.length; i++) {
            encoded[i] = bigEndian[bigEndian.length - 1 - i];
        }
        if (xNegative) {
            encoded[31] |= (byte) 0x80;
        }
        return encoded;
    }
}

package dev.myelin.crypto.openssl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.crypto.Ed25519Engine;
import dev.myelin.crypto.Ed25519PublicKey;
import dev.myelin.crypto.Ed25519Signature;
import dev.myelin.crypto.Ed25519Signer;
import dev.myelin.crypto.Ed25519Verifier;
import dev.myelin.crypto.SecretBytes;
import dev.myelin.json.JsonObject;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Both Ed25519 engines against RFC 8032's vectors, and how the OpenSSL one is found and printed. */
class OpenSslEd25519EngineTest {
    private static final HexFormat HEX = HexFormat.of();

    static List<JsonObject> rfc8032() {
        return Vectors.load("ed25519-rfc8032.json").array("vectors").objects();
    }

    static Stream<Arguments> enginesAndVectors() {
        return Stream.of(Ed25519Engine.jdk(), OpenSslEd25519Engine.load())
                .flatMap(engine -> rfc8032().stream().map(vector -> Arguments.of(engine, vector)));
    }

    @ParameterizedTest
    @MethodSource("enginesAndVectors")
    void newSigner_rfc8032Seed_givesThePublishedPublicKeyAndSignature(Ed25519Engine engine, JsonObject vector) {
        Ed25519Signer signer = engine.newSigner(SecretBytes.copyOf(Vectors.hex(vector, "seed")));
        byte[] message = Vectors.hex(vector, "message");

        assertThat(HEX.formatHex(signer.publicKey().toBytes())).isEqualTo(vector.string("public_key"));
        assertThat(HEX.formatHex(signer.sign(message).toBytes())).isEqualTo(vector.string("signature"));
        assertThat(HEX.formatHex(signer.sign(message).toBytes())).as("again, on a reused context")
                .isEqualTo(vector.string("signature"));
    }

    @ParameterizedTest
    @MethodSource("enginesAndVectors")
    void verify_rfc8032Signature_acceptsItAndRejectsAnyFlippedBit(Ed25519Engine engine, JsonObject vector) {
        Ed25519Verifier verifier = engine.newVerifier(Ed25519PublicKey.fromBytes(Vectors.hex(vector, "public_key")));
        byte[] message = Vectors.hex(vector, "message");
        byte[] signature = Vectors.hex(vector, "signature");

        assertThat(verifier.verify(message, Ed25519Signature.fromBytes(signature))).isTrue();
        for (int bit = 0; bit < 512; bit += 37) {
            byte[] flipped = signature.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(verifier.verify(message, Ed25519Signature.fromBytes(flipped))).as("bit %d", bit).isFalse();
        }
        byte[] longer = HEX.parseHex(vector.string("message") + "00");
        assertThat(verifier.verify(longer, Ed25519Signature.fromBytes(signature))).isFalse();
        assertThat(verifier.verify(message, Ed25519Signature.fromBytes(signature))).as("still valid after rejections")
                .isTrue();
    }

    @Test
    void installed_withThisModuleOnThePath_isTheOpenSslEngine() {
        assertThat(Ed25519Engine.installed().name()).isEqualTo("openssl");
        assertThat(OpenSslEd25519Engine.load().openSslVersion()).startsWith("3.");
    }

    @Test
    void verify_keyThatIsNotACurvePoint_rejectsEverySignature() {
        byte[] notAPoint = new byte[32];
        notAPoint[0] = 2; // y = 2 has no x on edwards25519
        Ed25519Verifier verifier = OpenSslEd25519Engine.load().newVerifier(Ed25519PublicKey.fromBytes(notAPoint));

        assertThat(verifier.verify(new byte[] {1}, Ed25519Signature.fromBytes(new byte[64]))).isFalse();
        assertThat(verifier.verify(new byte[0], Ed25519Signature.fromBytes(new byte[64]))).isFalse();
    }

    @Test
    void signer_toString_showsThePublicKeyNeverTheSeed() {
        JsonObject vector = rfc8032().getFirst();
        Ed25519Signer signer = OpenSslEd25519Engine.load().newSigner(SecretBytes.copyOf(Vectors.hex(vector, "seed")));

        assertThat(signer.toString()).doesNotContain(vector.string("seed")).contains(signer.publicKey().toBase64());
        assertThat(OpenSslEd25519Engine.load().toString()).startsWith("OpenSslEd25519Engine[3.");
    }
}

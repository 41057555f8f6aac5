package dev.myelin.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.json.JsonObject;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The JDK's Ed25519 engine against RFC 8032's vectors; myelin-crypto-native checks the OpenSSL one against both. */
class JdkEd25519EngineTest {
    private static final HexFormat HEX = HexFormat.of();

    static List<JsonObject> rfc8032() {
        return Vectors.ed25519().array("vectors").objects();
    }

    @ParameterizedTest
    @MethodSource("rfc8032")
    void newSigner_rfc8032Seed_givesThePublishedPublicKeyAndSignature(JsonObject vector) {
        Ed25519Signer signer = Ed25519Engine.jdk().newSigner(SecretBytes.copyOf(hex(vector, "seed")));

        assertThat(HEX.formatHex(signer.publicKey().toBytes())).isEqualTo(vector.string("public_key"));
        assertThat(HEX.formatHex(signer.sign(hex(vector, "message")).toBytes())).isEqualTo(vector.string("signature"));
    }

    @ParameterizedTest
    @MethodSource("rfc8032")
    void verify_rfc8032Signature_acceptsItAndRejectsAnyFlippedBit(JsonObject vector) {
        Ed25519Verifier verifier = Ed25519Engine.jdk()
                .newVerifier(Ed25519PublicKey.fromBytes(hex(vector, "public_key")));
        byte[] message = hex(vector, "message");
        byte[] signature = hex(vector, "signature");

        assertThat(verifier.verify(message, Ed25519Signature.fromBytes(signature))).isTrue();
        for (int bit : new int[] {0, 100, 255, 256, 400, 511}) {
            byte[] flipped = signature.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(verifier.verify(message, Ed25519Signature.fromBytes(flipped))).as("bit %d", bit).isFalse();
        }
        if (message.length > 0) {
            byte[] otherMessage = message.clone();
            otherMessage[0] ^= 1;
            assertThat(verifier.verify(otherMessage, Ed25519Signature.fromBytes(signature))).isFalse();
        }
    }

    @Test
    void installed_withNoProviderOnTheClassPath_isTheJdkEngine() {
        assertThat(Ed25519Engine.installed()).isSameAs(Ed25519Engine.jdk());
        assertThat(Ed25519Engine.installed().name()).isEqualTo("jdk");
    }

    @Test
    void newSigner_seedOfWrongLength_isRefused() {
        assertThatThrownBy(() -> Ed25519Engine.jdk().newSigner(SecretBytes.copyOf(new byte[31])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void signer_toString_showsThePublicKeyOnly() {
        JsonObject vector = rfc8032().getFirst();
        Ed25519Signer signer = Ed25519Engine.jdk().newSigner(SecretBytes.copyOf(hex(vector, "seed")));

        assertThat(signer.toString()).doesNotContain(vector.string("seed"))
                .contains(signer.publicKey().toBase64());
    }

    private static byte[] hex(JsonObject vector, String key) {
        return HEX.parseHex(vector.string(key));
    }
}

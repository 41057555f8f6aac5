package dev.myelin.crypto;

import static dev.myelin.crypto.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.crypto.internal.Base64Unpadded;
import dev.myelin.crypto.internal.Ed25519KeyPair;
import dev.myelin.crypto.internal.Primitives;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import java.security.InvalidKeyException;
import org.junit.jupiter.api.Test;

class PrimitiveVectorsTest {
    private static final JsonObject VECTORS = Vectors.olmMegolm();

    @Test
    void x25519_rfc7748Vectors_match() throws Exception {
        JsonObject v = VECTORS.object("x25519");
        assertThat(Primitives.x25519(hex(v.string("scalar")), hex(v.string("u")))).isEqualTo(hex(v.string("output")));
        assertThat(Primitives.x25519PublicKey(hex(v.string("alice_private")))).isEqualTo(hex(v.string("alice_public")));
        assertThat(Primitives.x25519PublicKey(hex(v.string("bob_private")))).isEqualTo(hex(v.string("bob_public")));
        assertThat(Primitives.x25519(hex(v.string("alice_private")), hex(v.string("bob_public"))))
                .isEqualTo(hex(v.string("shared")));
    }

    @Test
    void x25519_smallOrderPublicKey_isRejected() {
        byte[] privateKey = hex(VECTORS.object("x25519").string("alice_private"));
        byte[] identity = new byte[32];
        byte[] orderTwo = new byte[32];
        orderTwo[0] = 1;
        assertThatThrownBy(() -> Primitives.x25519(privateKey, identity)).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> Primitives.x25519(privateKey, orderTwo)).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void hkdf_rfc5869Case1_matches() {
        JsonObject v = VECTORS.object("hkdf_rfc5869_case1");
        assertThat(Primitives.hkdfSha256(hex(v.string("salt")), hex(v.string("ikm")), hex(v.string("info")), 42))
                .isEqualTo(hex(v.string("okm")));
    }

    @Test
    void jsonSigning_specVectors_matchAndVerify() {
        JsonObject v = VECTORS.object("json_signing");
        var key = Ed25519KeyPair.fromSeed(Base64Unpadded.decode(v.string("seed_base64")));
        assertThat(key.publicKey().toBase64()).isEqualTo(v.string("public_base64"));
        for (JsonValue value : v.array("cases").elements()) {
            JsonObject testCase = (JsonObject) value;
            JsonObject object = Json.parseObject(testCase.string("json"));
            Ed25519Signature signature = key.sign(JsonSignatures.signingBytes(object));
            assertThat(signature.toBase64()).isEqualTo(testCase.string("signature_base64"));

            JsonObject signed = JsonSignatures.withSignature(object, "domain", "ed25519:1", signature);
            assertThat(JsonSignatures.verify(signed, "domain", "ed25519:1", key.publicKey())).isTrue();
            assertThat(JsonSignatures.verify(signed.with("extra", JsonValue.of(1)), "domain", "ed25519:1",
                    key.publicKey())).isFalse();
            assertThat(JsonSignatures.verify(signed.with("unsigned", JsonValue.of(1)), "domain", "ed25519:1",
                    key.publicKey())).isTrue();
        }
    }
}

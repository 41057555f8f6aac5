package dev.myelin.crypto.frame;

import static dev.myelin.crypto.frame.LiveKitVectors.HEX;
import static dev.myelin.crypto.frame.LiveKitVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.crypto.SecretBytes;
import dev.myelin.json.JsonObject;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Vectors: key_derivation in livekit-e2ee.json. */
class LiveKitKeyMaterialTest {
    private static final JsonObject HKDF = LiveKitVectors.load().object("key_derivation").object("hkdf");
    private static final JsonObject PBKDF2 = LiveKitVectors.load().object("key_derivation").object("pbkdf2");
    private static final String SALT = LiveKitKeyOptions.DEFAULT_RATCHET_SALT;

    @Test
    void hkdfVector_parametersMatchOurConstants() {
        assertThat(HKDF.string("salt_utf8")).isEqualTo(SALT);
        assertThat(hex(HKDF, "info_hex")).hasSize(128).containsOnly(0);
        assertThat(PBKDF2.string("salt_utf8")).isEqualTo(SALT);
        assertThat(PBKDF2.integer("iterations")).isEqualTo(LiveKitKdf.PBKDF2_ITERATIONS);
    }

    @Test
    void deriveAesKey_fromRawKey_matchesVector() throws Exception {
        LiveKitKeyMaterial material = LiveKitKeyMaterial.fromRawKey(SecretBytes.copyOf(hex(HKDF, "input_key_material")));

        byte[] aesKey = material.deriveAesKey(SALT, 128).exposeCopy();

        assertThat(HEX.formatHex(aesKey)).isEqualTo(HKDF.string("aes_gcm_key_128"));
        assertThat(HEX.formatHex(helloWithZeroIv(aesKey))).isEqualTo(HKDF.string("check_encrypt_hello_iv_zero"));
    }

    @Test
    void ratchet_twice_matchesChainKeysAndDerivedKey() {
        LiveKitKeyMaterial material = LiveKitKeyMaterial.fromRawKey(SecretBytes.copyOf(hex(HKDF, "input_key_material")));

        LiveKitKeyMaterial first = material.ratchet(SALT);
        LiveKitKeyMaterial second = first.ratchet(SALT);

        assertThat(HEX.formatHex(first.bytes().exposeCopy())).isEqualTo(HKDF.string("ratchet_1_chain_key_256"));
        assertThat(HEX.formatHex(first.deriveAesKey(SALT, 128).exposeCopy()))
                .isEqualTo(HKDF.string("ratchet_1_aes_gcm_key_128"));
        assertThat(HEX.formatHex(second.bytes().exposeCopy())).isEqualTo(HKDF.string("ratchet_2_chain_key_256"));
        assertThat(first.derivation()).isEqualTo(LiveKitKeyDerivation.HKDF);
    }

    @Test
    void deriveAesKey_fromPassphrase_matchesVector() throws Exception {
        LiveKitKeyMaterial material = LiveKitKeyMaterial.fromPassphrase(PBKDF2.string("passphrase_utf8"));

        byte[] aesKey = material.deriveAesKey(SALT, 128).exposeCopy();

        assertThat(HEX.formatHex(aesKey)).isEqualTo(PBKDF2.string("aes_gcm_key_128"));
        assertThat(HEX.formatHex(helloWithZeroIv(aesKey))).isEqualTo(PBKDF2.string("check_encrypt_hello_iv_zero"));
    }

    @Test
    void pbkdf2_byHand_matchesTheJdkForUtf8Passwords() throws Exception {
        var factory = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        byte[] jdk = factory.generateSecret(new javax.crypto.spec.PBEKeySpec(
                "pässwörd".toCharArray(), SALT.getBytes(), 1000, 256)).getEncoded();

        byte[] ours = LiveKitKdf.pbkdf2Sha256("pässwörd".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                SALT.getBytes(), 1000, 32);

        assertThat(ours).containsExactly(jdk);
    }

    @Test
    void toString_neverShowsTheMaterial() {
        LiveKitKeyMaterial material = LiveKitKeyMaterial.fromRawKey(SecretBytes.copyOf(hex(HKDF, "input_key_material")));

        assertThat(material.toString()).isEqualTo("LiveKitKeyMaterial[HKDF, 16 bytes]");
    }

    private static byte[] helloWithZeroIv(byte[] aesKey) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new GCMParameterSpec(128, new byte[12]));
        return cipher.doFinal("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}

package dev.myelin.crypto.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.frame.UndecryptableFrameException.Reason;
import org.junit.jupiter.api.Test;

class LiveKitDataCryptorTest {
    private static final LiveKitKeyMaterial KEY = LiveKitKeyMaterial.fromRawKey(SecretBytes.copyOf(new byte[16]));

    private static LiveKitKeyRing ring(int index, LiveKitKeyMaterial material) {
        LiveKitKeyRing ring = LiveKitKeyRing.create(LiveKitKeyOptions.ELEMENT_CALL);
        ring.setKey(index, material);
        return ring;
    }

    @Test
    void encrypt_thenDecrypt_returnsThePayloadAndCarriesTheKeyIndex() {
        LiveKitDataCryptor cryptor = LiveKitDataCryptor.create(ring(9, KEY));

        LiveKitDataCryptor.EncryptedData packet = cryptor.encrypt("chat".getBytes());

        assertThat(packet.keyIndex()).isEqualTo(9);
        assertThat(packet.iv()).hasSize(12);
        assertThat(cryptor.decrypt(packet)).containsExactly("chat".getBytes());
    }

    @Test
    void decrypt_senderTwoRatchetStepsAhead_recoversAndStoresTheKey() {
        LiveKitKeyMaterial ahead = KEY.ratchet(LiveKitKeyOptions.DEFAULT_RATCHET_SALT)
                .ratchet(LiveKitKeyOptions.DEFAULT_RATCHET_SALT);
        LiveKitDataCryptor.EncryptedData packet = LiveKitDataCryptor.create(ring(0, ahead)).encrypt(new byte[] {1, 2});
        LiveKitKeyRing receiverRing = ring(0, KEY);

        assertThat(LiveKitDataCryptor.create(receiverRing).decrypt(packet)).containsExactly(1, 2);
        assertThat(receiverRing.keySet(0).material.bytes()).isEqualTo(ahead.bytes());
    }

    @Test
    void decrypt_missingOrWrongKey_throwsTheDocumentedException() {
        LiveKitDataCryptor.EncryptedData packet = LiveKitDataCryptor.create(ring(3, KEY)).encrypt(new byte[] {1});
        LiveKitKeyMaterial other = LiveKitKeyMaterial.fromRawKey(SecretBytes.copyOf(new byte[] {1, 2, 3}));

        assertThatThrownBy(() -> LiveKitDataCryptor.create(ring(4, KEY)).decrypt(packet))
                .isInstanceOfSatisfying(UndecryptableFrameException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MISSING_KEY));
        assertThatThrownBy(() -> LiveKitDataCryptor.create(ring(3, other)).decrypt(packet))
                .isInstanceOfSatisfying(UndecryptableFrameException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_KEY));
    }
}

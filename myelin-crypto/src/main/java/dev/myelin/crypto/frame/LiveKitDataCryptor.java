package dev.myelin.crypto.frame;

import dev.myelin.crypto.aead.AesGcm;
import dev.myelin.crypto.aead.AesGcmEngine;
import dev.myelin.crypto.frame.UndecryptableFrameException.Reason;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * LiveKit's data-channel encryption (livekit-client {@code DataCryptor}): AES-GCM with the participant's frame keys,
 * no AAD, a 12-byte IV and the key index carried beside the ciphertext ({@code livekit.EncryptedPacket} fields
 * {@code iv}, {@code key_index}, {@code encrypted_value}; wrapping the protobuf is the caller's part). The IV is
 * random here (livekit-client mixes a random word, a clock reading and a counter; any unique IV decrypts). A failed
 * decryption walks the ratchet window like {@link LiveKitFrameDecryptor}; data packets do not count as failures.
 * AES-GCM comes from an {@link AesGcmEngine} (the JDK's by default). Not thread-safe.
 */
public final class LiveKitDataCryptor {
    private final LiveKitKeyRing ring;
    private final RandomGenerator random;
    private static final byte[] NO_AAD = new byte[0];

    private final AesGcm gcm;

    /** An encrypted data packet. */
    public record EncryptedData(byte[] ciphertext, byte[] iv, int keyIndex) {
        public EncryptedData {
            ciphertext = ciphertext.clone();
            iv = iv.clone();
            if (keyIndex < 0 || keyIndex > 255) {
                throw new IllegalArgumentException("Invalid key index " + keyIndex + "; 0 to 255");
            }
        }

        @Override
        public byte[] ciphertext() {
            return ciphertext.clone();
        }

        @Override
        public byte[] iv() {
            return iv.clone();
        }
    }

    private LiveKitDataCryptor(LiveKitKeyRing ring, RandomGenerator random, AesGcmEngine engine) {
        this.ring = Objects.requireNonNull(ring, "ring");
        this.random = Objects.requireNonNull(random, "random");
        this.gcm = engine.newAesGcm();
    }

    public static LiveKitDataCryptor create(LiveKitKeyRing ring) {
        return create(ring, AesGcmEngine.jdk());
    }

    /** As {@link #create(LiveKitKeyRing)}, with AES-GCM from {@code engine} (e.g. the native one). */
    public static LiveKitDataCryptor create(LiveKitKeyRing ring, AesGcmEngine engine) {
        return new LiveKitDataCryptor(ring, new SecureRandom(), Objects.requireNonNull(engine, "engine"));
    }

    /**
     * Encrypts with the ring's current key.
     *
     * @throws IllegalStateException when the ring has no key at its current index
     */
    public EncryptedData encrypt(byte[] plaintext) {
        int keyIndex = ring.currentKeyIndex();
        LiveKitKeySet keySet = ring.keySet(keyIndex);
        if (keySet == null) {
            throw new IllegalStateException("No LiveKit key at the current key index " + keyIndex);
        }
        byte[] iv = new byte[LiveKitFrameEncryptor.IV_LENGTH];
        random.nextBytes(iv);
        byte[] ciphertext = new byte[plaintext.length + AesGcm.TAG_LENGTH];
        gcm.seal(keySet.aesKey, iv, 0, iv.length, NO_AAD, 0, 0, plaintext, 0, plaintext.length, ciphertext, 0);
        return new EncryptedData(ciphertext, iv, keyIndex);
    }

    /**
     * Decrypts a data packet of the ring's participant.
     *
     * @throws UndecryptableFrameException with {@link Reason#MISSING_KEY} or {@link Reason#INVALID_KEY}
     */
    public byte[] decrypt(EncryptedData packet) {
        int keyIndex = packet.keyIndex();
        LiveKitKeySet keySet = ring.keySet(keyIndex);
        if (keySet == null) {
            throw new UndecryptableFrameException(Reason.MISSING_KEY, "No key at index " + keyIndex);
        }
        byte[] ciphertext = packet.ciphertext();
        byte[] iv = packet.iv();
        byte[] plaintext = tryDecrypt(keySet, ciphertext, iv);
        LiveKitKeySet candidate = keySet;
        for (int step = 1; plaintext == null && step <= ring.options().ratchetWindowSize(); step++) {
            candidate = candidate.ratcheted(ring.options());
            plaintext = tryDecrypt(candidate, ciphertext, iv);
            if (plaintext != null) {
                ring.storeRatcheted(keyIndex, keySet, candidate);
            }
        }
        if (plaintext == null) {
            throw new UndecryptableFrameException(Reason.INVALID_KEY, "Data packet did not decrypt");
        }
        return plaintext;
    }

    private byte[] tryDecrypt(LiveKitKeySet keySet, byte[] ciphertext, byte[] iv) {
        if (iv.length == 0 || ciphertext.length < AesGcm.TAG_LENGTH) {
            return null;
        }
        byte[] plaintext = new byte[ciphertext.length - AesGcm.TAG_LENGTH];
        int n = gcm.open(keySet.aesKey, iv, 0, iv.length, NO_AAD, 0, 0, ciphertext, 0, ciphertext.length,
                plaintext, 0);
        return n < 0 ? null : plaintext;
    }
}

package dev.myelin.crypto.aead;

import javax.crypto.SecretKey;

/**
 * AES-GCM with a 128-bit tag, one operation per call: {@code seal} writes {@code ciphertext ‖ tag}, {@code open}
 * checks the tag and writes the plaintext. The key is an AES {@link SecretKey} of 16 or 32 bytes; an implementation
 * may keep state derived from the last key it saw (compared by identity), so pass the same key object frame after
 * frame. The output range may overlap the input (decrypting in place). Not thread-safe.
 */
public interface AesGcm {
    int TAG_LENGTH = 16;

    /**
     * Encrypts {@code in[inOffset, inOffset+inLength)} with {@code aad} authenticated and writes ciphertext and tag
     * into {@code out} from {@code outOffset}; returns {@code inLength + 16}.
     *
     * @throws IllegalStateException when the engine refuses (e.g. SunJCE on a repeated key and IV)
     */
    int seal(SecretKey key, byte[] iv, int ivOffset, int ivLength, byte[] aad, int aadOffset, int aadLength,
            byte[] in, int inOffset, int inLength, byte[] out, int outOffset);

    /**
     * Checks and decrypts {@code ciphertext ‖ tag} in {@code in[inOffset, inOffset+inLength)} into {@code out} from
     * {@code outOffset}; returns the plaintext length, or −1 when the frame does not authenticate or cannot be
     * decrypted at all (no tag, an IV this engine does not take). On −1 the output range holds no plaintext worth
     * anything and must not be used.
     */
    int open(SecretKey key, byte[] iv, int ivOffset, int ivLength, byte[] aad, int aadOffset, int aadLength,
            byte[] in, int inOffset, int inLength, byte[] out, int outOffset);
}

package dev.myelin.crypto.aead;

import javax.crypto.SecretKey;

/**
 * AES in counter mode (NIST SP 800-38A): XORs the input with the key stream that starts at a 16-byte counter block
 * and increments it as one 128-bit big-endian number. Encryption and decryption are the same operation. The key is
 * an AES {@link SecretKey}; an implementation may keep state derived from the last key object it saw (compared by
 * identity). Input and output may be the same range (in place). Not thread-safe.
 */
public interface AesCtr {
    int BLOCK_LENGTH = 16;

    /**
     * Writes {@code in[inOffset, inOffset+length)} XOR the key stream from {@code counterBlock[0, 16)} into {@code out}
     * from {@code outOffset}.
     */
    void apply(SecretKey key, byte[] counterBlock, byte[] in, int inOffset, int length, byte[] out, int outOffset);
}

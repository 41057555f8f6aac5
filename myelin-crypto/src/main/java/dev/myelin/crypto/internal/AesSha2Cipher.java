package dev.myelin.crypto.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

/**
 * The Olm/Megolm v1 cipher: {@code AES key ‖ HMAC key ‖ IV = HKDF(salt 0, key, info, 80)}, AES-256-CBC with PKCS#7,
 * HMAC-SHA-256 truncated to 8 bytes over the whole message before the MAC.
 */
public final class AesSha2Cipher {
    public static final int MAC_LENGTH = 8;
    public static final byte[] OLM_KEYS = "OLM_KEYS".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] MEGOLM_KEYS = "MEGOLM_KEYS".getBytes(StandardCharsets.US_ASCII);

    private final byte[] aesKey;
    private final byte[] macKey;
    private final byte[] iv;

    public AesSha2Cipher(byte[] key, byte[] info) {
        byte[] derived = Primitives.hkdfSha256(new byte[0], key, info, 80);
        aesKey = Arrays.copyOfRange(derived, 0, 32);
        macKey = Arrays.copyOfRange(derived, 32, 64);
        iv = Arrays.copyOfRange(derived, 64, 80);
        Arrays.fill(derived, (byte) 0);
    }

    public byte[] encrypt(byte[] plaintext) {
        return Primitives.aes256CbcEncrypt(aesKey, iv, plaintext);
    }

    /** The plaintext, or empty when the padding is bad (only reached after the MAC checked out). */
    public Optional<byte[]> decrypt(byte[] ciphertext) {
        if (ciphertext.length == 0 || ciphertext.length % 16 != 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(Primitives.aes256CbcDecrypt(aesKey, iv, ciphertext));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    public byte[] mac(byte[] message, int length) {
        byte[] full = Primitives.hmacSha256(macKey, Arrays.copyOf(message, length));
        return Arrays.copyOf(full, MAC_LENGTH);
    }

    /** Constant-time check of the 8-byte MAC that follows {@code length} bytes of {@code message}. */
    public boolean verifyMac(byte[] message, int length, byte[] mac) {
        return MessageDigest.isEqual(mac(message, length), mac);
    }

    public void wipe() {
        Arrays.fill(aesKey, (byte) 0);
        Arrays.fill(macKey, (byte) 0);
        Arrays.fill(iv, (byte) 0);
    }
}

package dev.myelin.crypto.internal;

import dev.myelin.crypto.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption at rest for pickled state: deterministic authenticated encryption in the SIV shape, so it needs no
 * randomness. {@code encKey ‖ macKey = HKDF(salt 0, key, "MYELIN_STATE", 64)}; {@code siv = HMAC(macKey, label ‖ 0 ‖
 * plaintext)[0..16)}; output {@code 01 ‖ siv ‖ AES-256-CTR(encKey, siv, plaintext)}. The label binds the kind of
 * state, so an account blob never opens as a session.
 */
public final class StateSeal {
    private static final int VERSION = 1;
    private static final int SIV_LENGTH = 16;
    private static final byte[] INFO = "MYELIN_STATE".getBytes(StandardCharsets.US_ASCII);

    private StateSeal() {
    }

    public static byte[] seal(SecretBytes key, String label, byte[] plaintext) {
        byte[][] keys = keys(key);
        try {
            byte[] siv = siv(keys[1], label, plaintext);
            return Primitives.concat(new byte[] {VERSION}, siv, ctr(Cipher.ENCRYPT_MODE, keys[0], siv, plaintext));
        } finally {
            Arrays.fill(keys[0], (byte) 0);
            Arrays.fill(keys[1], (byte) 0);
        }
    }

    /** The plaintext, or empty if the key is wrong or the bytes were changed. */
    public static Optional<byte[]> open(SecretBytes key, String label, byte[] sealed) {
        if (sealed.length < 1 + SIV_LENGTH || sealed[0] != VERSION) {
            return Optional.empty();
        }
        byte[][] keys = keys(key);
        try {
            byte[] siv = Arrays.copyOfRange(sealed, 1, 1 + SIV_LENGTH);
            byte[] plaintext = ctr(Cipher.DECRYPT_MODE, keys[0], siv,
                    Arrays.copyOfRange(sealed, 1 + SIV_LENGTH, sealed.length));
            if (!MessageDigest.isEqual(siv, siv(keys[1], label, plaintext))) {
                Arrays.fill(plaintext, (byte) 0);
                return Optional.empty();
            }
            return Optional.of(plaintext);
        } finally {
            Arrays.fill(keys[0], (byte) 0);
            Arrays.fill(keys[1], (byte) 0);
        }
    }

    private static byte[][] keys(SecretBytes key) {
        if (key.length() != 32) {
            throw new IllegalArgumentException("state key must be 32 bytes, got " + key.length());
        }
        byte[] raw = key.exposeCopy();
        byte[] derived = Primitives.hkdfSha256(new byte[0], raw, INFO, 64);
        Arrays.fill(raw, (byte) 0);
        byte[][] keys = {Arrays.copyOfRange(derived, 0, 32), Arrays.copyOfRange(derived, 32, 64)};
        Arrays.fill(derived, (byte) 0);
        return keys;
    }

    private static byte[] siv(byte[] macKey, String label, byte[] plaintext) {
        byte[] mac = Primitives.hmacSha256(macKey, label.getBytes(StandardCharsets.UTF_8), new byte[1], plaintext);
        return Arrays.copyOf(mac, SIV_LENGTH);
    }

    private static byte[] ctr(int mode, byte[] encKey, byte[] iv, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(mode, new SecretKeySpec(encKey, "AES"), new IvParameterSpec(iv));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR unavailable", e);
        }
    }
}

package dev.myelin.crypto.sframe;

import dev.myelin.crypto.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.KDF;
import javax.crypto.spec.HKDFParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SFrame key schedule (RFC 9605 section 4.4.2) and the sender-key ratchet (section 5.1), over the JDK's HKDF.
 */
public final class SFrameKeySchedule {
    private static final byte[] KEY_LABEL = "SFrame 1.0 Secret key ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SALT_LABEL = "SFrame 1.0 Secret salt ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RATCHET_LABEL = "SFrame 1.0 Ratchet".getBytes(StandardCharsets.US_ASCII);

    private SFrameKeySchedule() {
    }

    /** {@code sframe_key} and {@code sframe_salt} for one base key and KID. */
    record Derived(byte[] key, byte[] salt) {
    }

    static Derived derive(SFrameCipherSuite suite, long kid, SecretBytes baseKey) {
        byte[] secret = extract(suite, baseKey);
        try {
            byte[] key = expand(suite, secret, label(KEY_LABEL, kid, suite), suite.keyLength());
            byte[] salt = expand(suite, secret, label(SALT_LABEL, kid, suite), suite.nonceLength());
            return new Derived(key, salt);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * The next base key of a sender-key ratchet: {@code HKDF-Expand(HKDF-Extract("", base), "SFrame 1.0 Ratchet", Nh)}.
     */
    public static SecretBytes ratchet(SFrameCipherSuite suite, SecretBytes baseKey) {
        byte[] secret = extract(suite, baseKey);
        try {
            byte[] next = expand(suite, secret, RATCHET_LABEL, suite.hashLength());
            SecretBytes wrapped = SecretBytes.copyOf(next);
            Arrays.fill(next, (byte) 0);
            return wrapped;
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** HKDF-Extract with an empty salt (HKDF then uses Nh zero bytes). */
    static byte[] extract(SFrameCipherSuite suite, SecretBytes baseKey) {
        byte[] ikm = baseKey.exposeCopy();
        try {
            return KDF.getInstance(suite.hkdfAlgorithm())
                    .deriveData(HKDFParameterSpec.ofExtract().addIKM(ikm).extractOnly());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(suite.hkdfAlgorithm() + " unavailable", e);
        } finally {
            Arrays.fill(ikm, (byte) 0);
        }
    }

    static byte[] expand(SFrameCipherSuite suite, byte[] secret, byte[] info, int length) {
        try {
            return KDF.getInstance(suite.hkdfAlgorithm())
                    .deriveData(HKDFParameterSpec.expandOnly(new SecretKeySpec(secret, "HKDF-PRK"), info, length));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(suite.hkdfAlgorithm() + " unavailable", e);
        }
    }

    /** {@code label ‖ u64be(KID) ‖ u16be(suite)}. */
    static byte[] label(byte[] prefix, long kid, SFrameCipherSuite suite) {
        byte[] out = Arrays.copyOf(prefix, prefix.length + 10);
        for (int i = 0; i < 8; i++) {
            out[prefix.length + i] = (byte) (kid >>> (56 - 8 * i));
        }
        out[prefix.length + 8] = (byte) (suite.id() >>> 8);
        out[prefix.length + 9] = (byte) suite.id();
        return out;
    }

    static byte[] keyLabel(long kid, SFrameCipherSuite suite) {
        return label(KEY_LABEL, kid, suite);
    }

    static byte[] saltLabel(long kid, SFrameCipherSuite suite) {
        return label(SALT_LABEL, kid, suite);
    }
}

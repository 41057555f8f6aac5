package dev.myelin.crypto.frame;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.KDF;
import javax.crypto.Mac;
import javax.crypto.spec.HKDFParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** The two WebCrypto derivations livekit-client uses, bit for bit. */
final class LiveKitKdf {
    /** WebCrypto HKDF params in livekit-client: {@code info: new ArrayBuffer(128)}. */
    private static final byte[] HKDF_INFO = new byte[128];
    static final int PBKDF2_ITERATIONS = 100_000;

    private LiveKitKdf() {
    }

    static byte[] derive(LiveKitKeyDerivation derivation, byte[] material, byte[] salt, int lengthBytes) {
        return switch (derivation) {
            case HKDF -> hkdfSha256(material, salt, lengthBytes);
            case PBKDF2 -> pbkdf2Sha256(material, salt, PBKDF2_ITERATIONS, lengthBytes);
        };
    }

    static byte[] hkdfSha256(byte[] ikm, byte[] salt, int lengthBytes) {
        try {
            KDF hkdf = KDF.getInstance("HKDF-SHA256");
            return hkdf.deriveData(HKDFParameterSpec.ofExtract().addIKM(ikm).addSalt(salt)
                    .thenExpand(HKDF_INFO, lengthBytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF-SHA256 unavailable", e);
        }
    }

    /**
     * PBKDF2 by hand: the JDK's factory takes a {@code char[]} password and re-encodes it as UTF-8, but a ratcheted
     * PBKDF2 material is 32 arbitrary bytes that must be used as they are.
     */
    static byte[] pbkdf2Sha256(byte[] password, byte[] salt, int iterations, int lengthBytes) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(password, "HmacSHA256"));
            int hashLength = mac.getMacLength();
            byte[] out = new byte[lengthBytes];
            byte[] u = new byte[hashLength];
            byte[] t = new byte[hashLength];
            for (int block = 1, written = 0; written < lengthBytes; block++) {
                mac.update(salt);
                mac.update(new byte[] {(byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8), (byte) block});
                mac.doFinal(u, 0);
                System.arraycopy(u, 0, t, 0, hashLength);
                for (int i = 1; i < iterations; i++) {
                    mac.update(u);
                    mac.doFinal(u, 0);
                    for (int j = 0; j < hashLength; j++) {
                        t[j] ^= u[j];
                    }
                }
                int n = Math.min(hashLength, lengthBytes - written);
                System.arraycopy(t, 0, out, written, n);
                written += n;
            }
            return out;
        } catch (NoSuchAlgorithmException | InvalidKeyException | javax.crypto.ShortBufferException e) {
            throw new IllegalStateException("PBKDF2-HMAC-SHA256 failed", e);
        }
    }
}

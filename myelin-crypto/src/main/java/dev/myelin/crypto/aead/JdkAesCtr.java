package dev.myelin.crypto.aead;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;

/** SunJCE's {@code AES/CTR/NoPadding}, re-initialised per call (a few hundred bytes of garbage each). */
final class JdkAesCtr implements AesCtr {
    private final Cipher cipher;

    JdkAesCtr() {
        try {
            cipher = Cipher.getInstance("AES/CTR/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR unavailable", e);
        }
    }

    @Override
    public void apply(SecretKey key, byte[] counterBlock, byte[] in, int inOffset, int length, byte[] out,
            int outOffset) {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(counterBlock, 0, BLOCK_LENGTH));
            cipher.doFinal(in, inOffset, length, out, outOffset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "JdkAesCtr";
    }
}

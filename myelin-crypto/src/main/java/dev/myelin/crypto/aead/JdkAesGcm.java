package dev.myelin.crypto.aead;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/** SunJCE's AES-GCM: one reused {@link Cipher}, re-initialised for every frame (SunJCE needs a new IV per init). */
final class JdkAesGcm implements AesGcm {
    static final AesGcmEngine ENGINE = new AesGcmEngine() {
        @Override
        public AesGcm newAesGcm() {
            return new JdkAesGcm();
        }

        @Override
        public String name() {
            return "jdk";
        }

        @Override
        public String toString() {
            return "AesGcmEngine[jdk]";
        }
    };

    private final Cipher cipher;

    private JdkAesGcm() {
        try {
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    @Override
    public int seal(SecretKey key, byte[] iv, int ivOffset, int ivLength, byte[] aad, int aadOffset, int aadLength,
            byte[] in, int inOffset, int inLength, byte[] out, int outOffset) {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, iv, ivOffset, ivLength));
            cipher.updateAAD(aad, aadOffset, aadLength);
            return cipher.doFinal(in, inOffset, inLength, out, outOffset);
        } catch (GeneralSecurityException e) {
            // SunJCE refuses a repeated (key, IV) pair on one Cipher: a wrapped counter; never a silent reuse
            throw new IllegalStateException("AES-GCM encryption refused: " + e.getMessage(), e);
        }
    }

    @Override
    public int open(SecretKey key, byte[] iv, int ivOffset, int ivLength, byte[] aad, int aadOffset, int aadLength,
            byte[] in, int inOffset, int inLength, byte[] out, int outOffset) {
        if (ivLength <= 0 || inLength < TAG_LENGTH) {
            return -1;
        }
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, iv, ivOffset, ivLength));
            cipher.updateAAD(aad, aadOffset, aadLength);
            return cipher.doFinal(in, inOffset, inLength, out, outOffset);
        } catch (AEADBadTagException e) {
            return -1;
        } catch (GeneralSecurityException e) {
            return -1;
        }
    }

    @Override
    public String toString() {
        return "JdkAesGcm";
    }
}

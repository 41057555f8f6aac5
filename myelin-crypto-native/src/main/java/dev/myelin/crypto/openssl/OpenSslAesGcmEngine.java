package dev.myelin.crypto.openssl;

import dev.myelin.crypto.aead.AesCtr;
import dev.myelin.crypto.aead.AesGcm;
import dev.myelin.crypto.aead.AesGcmEngine;
import dev.myelin.crypto.aead.Hmac;

/**
 * AES-GCM, AES-CTR and HMAC (SHA-256, SHA-512) from OpenSSL 3's libcrypto: same bytes as {@link AesGcmEngine#jdk()},
 * no garbage per frame, and OpenSSL's own speed. Hand it to the frame encryptors and decryptors, e.g.
 * {@code LiveKitFrameEncryptor.create(ring, codec, OpenSslAesGcmEngine.load())} or
 * {@code SFrameDecryptor.create(suite, OpenSslAesGcmEngine.load())} (every suite, CTR+HMAC ones included).
 */
public final class OpenSslAesGcmEngine implements AesGcmEngine {
    private static final OpenSslAesGcmEngine INSTANCE = new OpenSslAesGcmEngine();

    private OpenSslAesGcmEngine() {
    }

    /**
     * The engine, loading libcrypto on first use.
     *
     * @throws IllegalStateException when libcrypto.so.3 is missing or native access is disabled
     */
    public static OpenSslAesGcmEngine load() {
        LibCrypto.check();
        return INSTANCE;
    }

    /** The OpenSSL version loaded, e.g. {@code 3.0.19}. */
    public String openSslVersion() {
        return LibCrypto.VERSION;
    }

    @Override
    public AesGcm newAesGcm() {
        return new OpenSslAesGcm();
    }

    @Override
    public AesCtr newAesCtr() {
        return new OpenSslAesCtr();
    }

    /** {@inheritDoc} Other algorithms than HmacSHA256 and HmacSHA512 are refused. */
    @Override
    public Hmac newHmac(String algorithm) {
        return new OpenSslHmac(algorithm);
    }

    @Override
    public String name() {
        return "openssl";
    }

    @Override
    public String toString() {
        return "OpenSslAesGcmEngine[" + LibCrypto.VERSION + "]";
    }
}

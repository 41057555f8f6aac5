package dev.myelin.crypto.openssl;

import dev.myelin.crypto.aead.AesGcm;
import dev.myelin.crypto.aead.AesGcmEngine;

/**
 * AES-GCM from OpenSSL 3's libcrypto: same bytes as {@link AesGcmEngine#jdk()}, no garbage per frame, and about
 * OpenSSL's own speed. Hand it to the frame encryptors and decryptors, e.g.
 * {@code LiveKitFrameEncryptor.create(ring, codec, OpenSslAesGcmEngine.load())}.
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
    public String name() {
        return "openssl";
    }

    @Override
    public String toString() {
        return "OpenSslAesGcmEngine[" + LibCrypto.VERSION + "]";
    }
}

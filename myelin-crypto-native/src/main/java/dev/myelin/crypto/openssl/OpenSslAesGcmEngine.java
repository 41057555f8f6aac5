package dev.myelin.crypto.openssl;

import dev.myelin.crypto.aead.AesGcm;
import dev.myelin.crypto.aead.AesGcmEngine;

/**
 * AES-GCM from OpenSSL 3's libcrypto: same bytes as {@link AesGcmEngine#jdk()}, no garbage per frame, and about
 * OpenSSL's own speed. Hand it to the frame encryptors and decryptors, e.g.
 * {@code LiveKitFrameEncryptor.create(ring, codec, OpenSslAesGcmEngine.load())}.
 */
public final class OpenSslAesGcmEngine implements AesGcmEngine {
    private static volatile OpenSslAesGcmEngine instance;

    private final LibCrypto lib;

    private OpenSslAesGcmEngine(LibCrypto lib) {
        this.lib = lib;
    }

    /**
     * The engine, loading libcrypto on first use.
     *
     * @throws IllegalStateException when libcrypto.so.3 is missing or native access is disabled
     */
    public static OpenSslAesGcmEngine load() {
        OpenSslAesGcmEngine engine = instance;
        if (engine == null) {
            synchronized (OpenSslAesGcmEngine.class) {
                engine = instance;
                if (engine == null) {
                    engine = new OpenSslAesGcmEngine(LibCrypto.load());
                    instance = engine;
                }
            }
        }
        return engine;
    }

    /** The OpenSSL version loaded, e.g. {@code 3.0.19}. */
    public String openSslVersion() {
        return lib.version;
    }

    @Override
    public AesGcm newAesGcm() {
        return new OpenSslAesGcm(lib);
    }

    @Override
    public String name() {
        return "openssl";
    }

    @Override
    public String toString() {
        return "OpenSslAesGcmEngine[" + lib.version + "]";
    }
}

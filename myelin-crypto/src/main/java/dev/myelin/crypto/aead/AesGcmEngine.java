package dev.myelin.crypto.aead;

/**
 * Makes {@link AesGcm} instances. Engines differ in speed and allocation, never in output: every engine produces the
 * same bytes for the same key, IV, AAD and plaintext, and rejects the same forgeries.
 */
public interface AesGcmEngine {
    /** A new instance for one encryptor or decryptor (instances are not thread-safe). */
    AesGcm newAesGcm();

    /** A short name for reports, e.g. {@code "jdk"}. */
    String name();

    /** The default engine: SunJCE's {@code AES/GCM/NoPadding}, re-initialised per frame (about 1 KB garbage each). */
    static AesGcmEngine jdk() {
        return JdkAesGcm.ENGINE;
    }
}

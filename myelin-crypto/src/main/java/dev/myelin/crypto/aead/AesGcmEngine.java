package dev.myelin.crypto.aead;

/**
 * Makes the symmetric primitives of frame encryption: {@link AesGcm} (LiveKit, SFrame suites 4 and 5) and, for SFrame's
 * CTR+HMAC suites 1–3, {@link AesCtr} and {@link Hmac} (by default the JDK's, whatever the engine). Engines differ in
 * speed and allocation, never in output: every engine produces the same bytes for the same key, IV, AAD and plaintext,
 * and rejects the same forgeries.
 */
public interface AesGcmEngine {
    /** A new instance for one encryptor or decryptor (instances are not thread-safe). */
    AesGcm newAesGcm();

    /** A new AES-CTR instance for one SFrame key (not thread-safe); the JDK's unless the engine has its own. */
    default AesCtr newAesCtr() {
        return new JdkAesCtr();
    }

    /**
     * A new HMAC instance for one SFrame key (not thread-safe); the JDK's unless the engine has its own.
     *
     * @param algorithm {@code "HmacSHA256"} or {@code "HmacSHA512"}
     */
    default Hmac newHmac(String algorithm) {
        return new JdkHmac(algorithm);
    }

    /** A short name for reports, e.g. {@code "jdk"}. */
    String name();

    /** The default engine: SunJCE's {@code AES/GCM/NoPadding}, re-initialised per frame (about 1 KB garbage each). */
    static AesGcmEngine jdk() {
        return JdkAesGcm.ENGINE;
    }
}

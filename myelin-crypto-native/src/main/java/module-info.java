/**
 * AES-GCM, AES-CTR, HMAC and Ed25519 over OpenSSL's libcrypto (3.x) through the Foreign Function and Memory API: frame
 * encryption without per-frame garbage, and Ed25519 an order of magnitude faster than the JDK's (installed for Olm
 * and Megolm through {@code provides}). Not pure: it loads a native library. Needs native access
 * ({@code --enable-native-access=dev.myelin.crypto.openssl}, or {@code ALL-UNNAMED} on the class path).
 */
module dev.myelin.crypto.openssl {
    requires transitive dev.myelin.crypto;

    exports dev.myelin.crypto.openssl;

    provides dev.myelin.crypto.Ed25519Engine with dev.myelin.crypto.openssl.internal.OpenSslEd25519Service;
}

/**
 * AES-GCM over OpenSSL's libcrypto (3.x) through the Foreign Function and Memory API, for callers that want frame
 * encryption without per-frame garbage. Not pure: it loads a native library. Needs native access
 * ({@code --enable-native-access=dev.myelin.crypto.openssl}, or {@code ALL-UNNAMED} on the class path).
 */
module dev.myelin.crypto.openssl {
    requires transitive dev.myelin.crypto;

    exports dev.myelin.crypto.openssl;
}

package dev.myelin.crypto.frame;

import dev.myelin.crypto.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * LiveKit key material (WebCrypto's "derive" key): the bytes a participant's AES key is derived from, and the
 * derivation that applies to them. Element Call hands over 16 (MSC4195: 32) random bytes per participant and key index
 * as {@link LiveKitKeyDerivation#HKDF} material; shared-passphrase rooms use {@link LiveKitKeyDerivation#PBKDF2}.
 * Never prints its bytes.
 */
public final class LiveKitKeyMaterial {
    private final SecretBytes bytes;
    private final LiveKitKeyDerivation derivation;

    private LiveKitKeyMaterial(SecretBytes bytes, LiveKitKeyDerivation derivation) {
        if (bytes.length() == 0) {
            throw new IllegalArgumentException("LiveKit key material must not be empty");
        }
        this.bytes = bytes;
        this.derivation = Objects.requireNonNull(derivation, "derivation");
    }

    /** A participant's raw key (Element Call, MatrixRTC): HKDF material. */
    public static LiveKitKeyMaterial fromRawKey(SecretBytes rawKey) {
        return new LiveKitKeyMaterial(SecretBytes.copyOf(rawKey.exposeCopy()), LiveKitKeyDerivation.HKDF);
    }

    /** A shared passphrase (LiveKit's {@code ExternalE2EEKeyProvider.setKey(string)}): PBKDF2 material. */
    public static LiveKitKeyMaterial fromPassphrase(SecretBytes utf8Passphrase) {
        return new LiveKitKeyMaterial(SecretBytes.copyOf(utf8Passphrase.exposeCopy()), LiveKitKeyDerivation.PBKDF2);
    }

    /** Convenience for {@link #fromPassphrase(SecretBytes)}; the string itself stays in the caller's heap. */
    public static LiveKitKeyMaterial fromPassphrase(String passphrase) {
        byte[] utf8 = passphrase.getBytes(StandardCharsets.UTF_8);
        return new LiveKitKeyMaterial(SecretBytes.copyOf(utf8), LiveKitKeyDerivation.PBKDF2);
    }

    /** Material of the given derivation, e.g. a ratcheted chain key reported by another client. */
    public static LiveKitKeyMaterial of(SecretBytes bytes, LiveKitKeyDerivation derivation) {
        return new LiveKitKeyMaterial(SecretBytes.copyOf(bytes.exposeCopy()), derivation);
    }

    public LiveKitKeyDerivation derivation() {
        return derivation;
    }

    /** The material bytes (for a ratcheted key, LiveKit's "chainKey"). */
    public SecretBytes bytes() {
        return SecretBytes.copyOf(bytes.exposeCopy());
    }

    /** The next material: 256 bits derived with this material's derivation and the salt, same derivation. */
    public LiveKitKeyMaterial ratchet(String ratchetSalt) {
        byte[] material = bytes.exposeCopy();
        try {
            byte[] next = LiveKitKdf.derive(derivation, material, salt(ratchetSalt), 32);
            return new LiveKitKeyMaterial(SecretBytes.copyOf(next), derivation);
        } finally {
            java.util.Arrays.fill(material, (byte) 0);
        }
    }

    /** The AES-GCM key of {@code keySizeBits} (128 or 256) derived from this material. */
    public SecretBytes deriveAesKey(String ratchetSalt, int keySizeBits) {
        byte[] material = bytes.exposeCopy();
        try {
            byte[] key = LiveKitKdf.derive(derivation, material, salt(ratchetSalt), keySizeBits / 8);
            SecretBytes wrapped = SecretBytes.copyOf(key);
            java.util.Arrays.fill(key, (byte) 0);
            return wrapped;
        } finally {
            java.util.Arrays.fill(material, (byte) 0);
        }
    }

    private static byte[] salt(String ratchetSalt) {
        return ratchetSalt.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "LiveKitKeyMaterial[" + derivation + ", " + bytes.length() + " bytes]";
    }
}

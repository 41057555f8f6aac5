package dev.myelin.crypto;

import dev.myelin.crypto.internal.Base64Unpadded;
import dev.myelin.crypto.internal.Primitives;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An Ed25519 public key: 32 raw bytes, unpadded base64 on the wire. Keeps one JDK {@link Signature} initialised with
 * the decoded key, so that checking a signature does not decode the point again (a Megolm receiver checks every
 * message against its session's key); concurrent verifiers each take their own.
 */
public final class Ed25519PublicKey extends PublicBytes {
    public static final int LENGTH = 32;

    /** An idle verifier, taken while in use. */
    private final AtomicReference<Signature> idleVerifier = new AtomicReference<>();

    private Ed25519PublicKey(byte[] bytes) {
        super(bytes, LENGTH, "Ed25519 key");
    }

    public static Ed25519PublicKey fromBytes(byte[] bytes) {
        return new Ed25519PublicKey(bytes);
    }

    /** Parses unpadded (or padded) standard base64; throws {@link IllegalArgumentException} on anything else. */
    public static Ed25519PublicKey fromBase64(String base64) {
        return fromBytes(Base64Unpadded.decode(base64));
    }

    /** Whether {@code signature} is this key's Ed25519 signature over {@code message}. */
    public boolean verify(byte[] message, Ed25519Signature signature) {
        Signature verifier = idleVerifier.getAndSet(null);
        if (verifier == null) {
            verifier = Primitives.ed25519Verifier(bytes());
            if (verifier == null) {
                return false; // not a point on the curve: nothing verifies
            }
        }
        boolean valid;
        try {
            verifier.update(message);
            valid = verifier.verify(signature.bytes());
        } catch (GeneralSecurityException | RuntimeException e) {
            return false; // a throwing verify leaves the verifier in an unknown state: dropped
        }
        idleVerifier.set(verifier); // a returning verify has reset it
        return valid;
    }

    @Override
    public String toString() {
        return "ed25519:" + toBase64();
    }
}

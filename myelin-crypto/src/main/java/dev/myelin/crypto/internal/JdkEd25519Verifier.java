package dev.myelin.crypto.internal;

import dev.myelin.crypto.Ed25519Signature;
import dev.myelin.crypto.Ed25519Verifier;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps one JDK {@link Signature} initialised with the decoded key, so that checking a signature does not decode the
 * point again (a Megolm receiver checks every message against its session's key); concurrent verifiers each take
 * their own.
 */
final class JdkEd25519Verifier implements Ed25519Verifier {
    private final byte[] publicKey;
    /** An idle verifier, taken while in use. */
    private final AtomicReference<Signature> idleVerifier = new AtomicReference<>();

    JdkEd25519Verifier(byte[] publicKey) {
        this.publicKey = publicKey;
    }

    @Override
    public boolean verify(byte[] message, Ed25519Signature signature) {
        Signature verifier = idleVerifier.getAndSet(null);
        if (verifier == null) {
            verifier = Primitives.ed25519Verifier(publicKey);
            if (verifier == null) {
                return false; // not a point on the curve: nothing verifies
            }
        }
        boolean valid;
        try {
            verifier.update(message);
            valid = verifier.verify(signature.toBytes());
        } catch (GeneralSecurityException | RuntimeException e) {
            return false; // a throwing verify leaves the verifier in an unknown state: dropped
        }
        idleVerifier.set(verifier); // a returning verify has reset it
        return valid;
    }
}

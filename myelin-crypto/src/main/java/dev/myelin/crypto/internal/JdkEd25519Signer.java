package dev.myelin.crypto.internal;

import dev.myelin.crypto.Ed25519PublicKey;
import dev.myelin.crypto.Ed25519Signature;
import dev.myelin.crypto.Ed25519Signer;
import dev.myelin.crypto.SecretBytes;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps one JDK {@link Signature} initialised with the private key, so that signing does not decode the key again (a
 * Megolm sender signs every message); concurrent signers each take their own, and only one is kept when they return.
 */
final class JdkEd25519Signer implements Ed25519Signer {
    private final SecretBytes seed;
    private final Ed25519PublicKey publicKey;
    /** An idle signer, taken while in use; holds the private key, like {@link #seed}. */
    private final AtomicReference<Signature> idleSigner = new AtomicReference<>();

    JdkEd25519Signer(SecretBytes seed, Ed25519PublicKey publicKey) {
        this.seed = seed;
        this.publicKey = publicKey;
    }

    @Override
    public Ed25519Signature sign(byte[] message) {
        Signature signer = idleSigner.getAndSet(null);
        if (signer == null) {
            byte[] secret = seed.exposeCopy();
            try {
                signer = Primitives.ed25519Signer(secret);
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
        }
        try {
            signer.update(message);
            Ed25519Signature signature = Ed25519Signature.fromBytes(signer.sign()); // sign() resets the signer
            idleSigner.set(signer);
            return signature;
        } catch (SignatureException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    @Override
    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public String toString() {
        return "JdkEd25519Signer[" + publicKey + "]";
    }
}

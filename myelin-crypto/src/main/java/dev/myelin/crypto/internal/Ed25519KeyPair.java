package dev.myelin.crypto.internal;

import dev.myelin.crypto.Ed25519PublicKey;
import dev.myelin.crypto.Ed25519Signature;
import dev.myelin.crypto.SecretBytes;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;

/**
 * An Ed25519 key pair held as its 32-byte seed (in a {@link SecretBytes}) and public key. Keeps one JDK
 * {@link Signature} initialised with the private key, so that signing does not decode the key again (a Megolm sender
 * signs every message); concurrent signers each take their own. Never prints the seed.
 */
public final class Ed25519KeyPair {
    private final SecretBytes seed;
    private final Ed25519PublicKey publicKey;
    /** An idle signer, taken while in use; holds the private key, like {@link #seed}. */
    private final AtomicReference<Signature> idleSigner = new AtomicReference<>();

    public Ed25519KeyPair(SecretBytes seed, Ed25519PublicKey publicKey) {
        this.seed = Objects.requireNonNull(seed, "seed");
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
    }

    public static Ed25519KeyPair generate(RandomGenerator random) {
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        try {
            return fromSeed(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    public static Ed25519KeyPair fromSeed(byte[] seed) {
        if (seed.length != 32) {
            throw new IllegalArgumentException("Ed25519 seed must be 32 bytes");
        }
        return new Ed25519KeyPair(SecretBytes.copyOf(seed), Ed25519PublicKey.fromBytes(Primitives.ed25519PublicKey(seed)));
    }

    public SecretBytes seed() {
        return seed;
    }

    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

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
    public boolean equals(Object other) {
        return other instanceof Ed25519KeyPair pair && pair.seed.equals(seed) && pair.publicKey.equals(publicKey);
    }

    @Override
    public int hashCode() {
        return publicKey.hashCode();
    }

    @Override
    public String toString() {
        return "Ed25519KeyPair[publicKey=" + publicKey + "]";
    }
}
